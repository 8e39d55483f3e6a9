from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def your_data(request):
    return render(request, "journal/your_data.html")
