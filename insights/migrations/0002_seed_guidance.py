"""Seed guidance, one or two items per section of the source article, in our own words.

Each item says what its study found and no more (see docs/guidance-sources.md):
where the article overstates, the text here follows the study. The content is
frozen in this file on purpose: later edits happen in the admin.
"""

from django.db import migrations

NOT_ADVICE = "This is general information, not medical advice."

GUIDANCE = [
    {
        "slug": "talk-to-a-doctor",
        "title": "Worth talking to a doctor",
        "factor": "doctor",
        "rule": "doctor",
        "order": 0,
        "body": (
            "What you have logged lately is worth a conversation with a doctor or other health professional. "
            "A doctor can check what a journal cannot.\n\n"
            "UK guidance (NICE) suggests seeing a doctor:\n\n"
            "- for gut symptoms that last **three weeks or more**;\n"
            "- **soon** for blood in your stool, black or tarry stool, weight loss you did not intend, a lasting "
            "change in bowel habit (especially over 60), symptoms that wake you at night, severe pain, or a family "
            "history of bowel cancer or inflammatory bowel disease;\n"
            "- for low mood or loss of interest that has lasted **two weeks or more**.\n\n"
            "If you have thoughts of harming yourself, contact your local emergency number or a crisis line now.\n\n"
            "Taking this journal along can help the conversation. " + NOT_ADVICE
        ),
        "source_citation": (
            "NICE CG61 Irritable bowel syndrome in adults: diagnosis and management (2008, updated 2017); "
            "NICE NG12 Suspected cancer: recognition and referral; NICE NG222 Depression in adults (2022)."
        ),
        "source_url": "https://www.nice.org.uk/guidance/cg61",
    },
    {
        "slug": "low-mood-two-weeks",
        "title": "Low mood that lasts",
        "factor": "mood",
        "rule": "mean_below",
        "threshold": "2.50",
        "window": 14,
        "figure_label": "Your mood",
        "unit": "out of 5",
        "decimals": 1,
        "reference": "low mood that lasts two weeks or more is worth raising with a doctor.",
        "order": 5,
        "body": (
            "Everyone has low stretches, and food, sleep and movement can all play a part. When low mood or a loss "
            "of interest in things lasts two weeks or more, though, guidelines recommend talking to a doctor: "
            "depression is common and there are several effective treatments, including talking therapies.\n\n"
            "If you have thoughts of harming yourself, contact your local emergency number or a crisis line now. "
            + NOT_ADVICE
        ),
        "source_citation": "NICE NG222 Depression in adults: treatment and management (2022).",
        "source_url": "https://www.nice.org.uk/guidance/ng222",
    },
    {
        "slug": "gut-brain-axis",
        "title": "How your gut and brain signal each other",
        "factor": "general",
        "rule": "always",
        "order": 10,
        "body": (
            "Your gut and brain exchange signals in both directions: through the vagus nerve, through the immune "
            "system and through hormones. The microbes living in the gut take part in this traffic.\n\n"
            "Much of what is known in detail comes from animal work. In one well-known mouse study a *Lactobacillus* "
            "strain changed anxiety-like behaviour, and the change disappeared when the vagus nerve was cut; when "
            "the same strain was tried in a small trial in healthy men, it did not change their stress or "
            "thinking.\n\n"
            "You may read that gut bacteria make serotonin for your brain. In mice, gut microbes prompt gut cells to make "
            "serotonin, and most of the body's serotonin is in the gut, but gut serotonin does not cross into the "
            "brain. Any effect on mood runs through indirect routes that are still being worked out.\n\n"
            "This journal lets you see how these links look in your own days. " + NOT_ADVICE
        ),
        "source_citation": (
            "Cryan JF et al. The Microbiota-Gut-Brain Axis. Physiol Rev 2019;99(4):1877–2013. "
            "Also: Bravo JA et al. PNAS 2011;108(38):16050–5 (mice); Yano JM et al. Cell 2015;161(2):264–76."
        ),
        "source_url": "https://doi.org/10.1152/physrev.00018.2018",
    },
    {
        "slug": "microbes-and-mood-research",
        "title": "What studies of microbes and mood can say so far",
        "factor": "mood",
        "rule": "finding",
        "order": 15,
        "body": (
            "A study of 1,054 adults in Flanders, checked in a further 1,070, found that two groups of gut "
            "bacteria (*Coprococcus* and *Dialister*) were less common in people with depression. It was published "
            "in 2019 and shows an association: it cannot tell whether the microbes affect mood, mood and its "
            "habits affect the microbes, or both.\n\n"
            "The well-known transfer experiments went the other way from what is often claimed: gut microbes from "
            "people with depression, moved into rodents with few or no microbes of their own, were followed by "
            "depression-like behaviour in the animals.\n\n"
            'On average, people with depression have raised inflammation markers in their blood. "Leaky gut" as a '
            "driver of this is a hypothesis, not an accepted diagnosis, and there is no validated test for it.\n\n"
            "Your own pattern, like these studies, shows a link, not proof of what drives what."
        ),
        "source_citation": (
            "Valles-Colomer M et al. The neuroactive potential of the human gut microbiota in quality of life and "
            "depression. Nat Microbiol 2019;4(4):623–32. Also: Kelly JR et al. J Psychiatr Res 2016;82:109–18; "
            "Zheng P et al. Mol Psychiatry 2016;21(6):786–96; Dowlati Y et al. Biol Psychiatry 2010;67(5):446–57."
        ),
        "source_url": "https://doi.org/10.1038/s41564-018-0337-x",
    },
    {
        "slug": "mediterranean-style-eating",
        "title": "A Mediterranean-style way of eating",
        "factor": "general",
        "rule": "always",
        "order": 20,
        "body": (
            "Vegetables, fruit, pulses, whole grains, nuts, seeds, olive oil and fish, with fewer processed foods: "
            "this is the eating pattern most studied for mood.\n\n"
            "In the SMILES trial, 67 adults with major depression received either support from a dietitian to eat "
            "this way or social support, for 12 weeks. Remission came for 32% of the diet group against 8% of the "
            "social-support group. It was a small trial, and participants knew which support they had; large "
            "observational studies point the same way.\n\n"
            "Diet changes sit alongside, not in place of, treatment a doctor recommends."
        ),
        "source_citation": (
            "Jacka FN et al. A randomised controlled trial of dietary improvement for adults with major depression "
            "(the 'SMILES' trial). BMC Med 2017;15:23. Also: Lassale C et al. Mol Psychiatry 2019;24:965–86."
        ),
        "source_url": "https://doi.org/10.1186/s12916-017-0791-y",
    },
    {
        "slug": "fiber",
        "title": "Fiber feeds your gut microbes",
        "factor": "fiber_g",
        "rule": "mean_below",
        "threshold": "25.00",
        "window": 7,
        "figure_label": "Your fiber",
        "unit": "g a day",
        "decimals": 1,
        "reference": "25–29 g a day or more is linked with better long-term health.",
        "order": 30,
        "body": (
            "Gut microbes ferment fiber into short-chain fatty acids, which act on the gut lining, the immune "
            "system and, mostly in animal studies so far, on signalling to the brain.\n\n"
            "A large set of reviews found that people eating 25–29 g of fiber a day or more had lower rates of heart "
            "disease, type 2 diabetes, bowel cancer and early death than people eating less. These are mostly "
            "observational studies.\n\n"
            "Oats, beans and lentils, whole grains, fruit, vegetables, nuts and seeds all add up. Raise fiber "
            "gradually and drink with it: a sudden jump can bring wind and bloating for a while."
        ),
        "source_citation": (
            "Reynolds A et al. Carbohydrate quality and human health. Lancet 2019;393(10170):434–45. "
            "Also: Dalile B et al. Nat Rev Gastroenterol Hepatol 2019;16(8):461–78."
        ),
        "source_url": "https://doi.org/10.1016/S0140-6736(18)31809-9",
    },
    {
        "slug": "fermented-foods",
        "title": "Fermented foods",
        "factor": "probiotic_servings",
        "rule": "mean_below",
        "threshold": "1.00",
        "window": 7,
        "figure_label": "Your probiotic and fermented foods",
        "unit": "servings a day",
        "decimals": 1,
        "reference": "the study below built up to several servings a day.",
        "order": 40,
        "body": (
            "Yogurt, kefir, sauerkraut, kimchi, kombucha and other fermented foods bring live microbes and the "
            "products of fermentation.\n\n"
            "In a ten-week study with healthy adults, eating more fermented foods raised the variety of gut "
            "microbes and lowered several markers of inflammation. Mood was not what that study measured.\n\n"
            "If you want to try it, adding one serving a day for two weeks and watching your own numbers here is a "
            "fair test."
        ),
        "source_citation": (
            "Wastyk HC et al. Gut-microbiota-targeted diets modulate human immune status. Cell 2021;184(16):4137–53."
        ),
        "source_url": "https://doi.org/10.1016/j.cell.2021.06.019",
    },
    {
        "slug": "probiotic-supplements",
        "title": "Probiotic supplements and mood: small effects so far",
        "factor": "probiotic_servings",
        "rule": "finding",
        "order": 45,
        "body": (
            "Pooling 34 trials, probiotics had a small effect on symptoms of depression and a very small one on "
            "anxiety, somewhat larger in people with a diagnosis than in healthy volunteers. Prebiotics did no "
            "better than placebo. A later review of 62 trials judged the evidence not yet strong enough to "
            "recommend them for depression.\n\n"
            "Strains and doses differ a lot between products, so a result for one does not carry over to another."
        ),
        "source_citation": (
            "Liu RT, Walsh RFL, Sheehan AE. Prebiotics and probiotics for depression and anxiety. "
            "Neurosci Biobehav Rev 2019;102:13–23. Also: Hofmeister M et al. CMAJ Open 2021;9(4):E1195."
        ),
        "source_url": "https://doi.org/10.1016/j.neubiorev.2019.03.023",
    },
    {
        "slug": "ultra-processed-food",
        "title": "Ultra-processed food",
        "factor": "ultra_processed_servings",
        "rule": "mean_above",
        "threshold": "2.00",
        "window": 7,
        "figure_label": "Your ultra-processed food",
        "unit": "servings a day",
        "decimals": 1,
        "reference": "fewer is the direction the research points.",
        "order": 50,
        "body": (
            "An umbrella review of studies covering millions of people found that eating more ultra-processed food "
            "was associated with a higher risk of common mental disorders such as anxiety and depression, as well "
            "as heart disease, type 2 diabetes and earlier death.\n\n"
            "These studies observe people rather than test a change, so other habits may explain part of the link. "
            "Swapping one ultra-processed item a day for a whole food is a small, concrete step."
        ),
        "source_citation": (
            "Lane MM et al. Ultra-processed food exposure and adverse health outcomes: umbrella review of "
            "epidemiological meta-analyses. BMJ 2024;384:e077310."
        ),
        "source_url": "https://doi.org/10.1136/bmj-2023-077310",
    },
    {
        "slug": "added-sugar",
        "title": "Added sugar",
        "factor": "added_sugar_servings",
        "rule": "mean_above",
        "threshold": "2.00",
        "window": 7,
        "figure_label": "Your added sugar",
        "unit": "servings a day",
        "decimals": 1,
        "reference": "cutting back is a common first step.",
        "order": 55,
        "body": (
            "Sweet drinks, sweets and many packaged snacks carry a lot of added sugar, and most of them are "
            "ultra-processed. Diets high in ultra-processed food are associated with more anxiety and depression "
            "in observational studies; that link does not show which comes first.\n\n"
            "If you would like to test it for yourself, try fewer sugary items for two weeks and compare your "
            "mood and energy here."
        ),
        "source_citation": (
            "Lane MM et al. Ultra-processed food exposure and adverse health outcomes: umbrella review of "
            "epidemiological meta-analyses. BMJ 2024;384:e077310."
        ),
        "source_url": "https://doi.org/10.1136/bmj-2023-077310",
    },
    {
        "slug": "stress-and-mindfulness",
        "title": "Stress and your gut",
        "factor": "stress",
        "rule": "mean_above",
        "threshold": "3.50",
        "window": 7,
        "figure_label": "Your stress",
        "unit": "out of 5",
        "decimals": 1,
        "reference": "a run of high-stress days is worth some attention.",
        "order": 60,
        "body": (
            "Stress changes how the gut moves and what lives in it, and gut microbes in turn shape the body's "
            "stress response. Most of this two-way evidence comes from animal studies.\n\n"
            "For people, a review of 47 trials found moderate-strength evidence that mindfulness meditation "
            "programmes bring small improvements in anxiety, depression and pain. Breathing exercises, yoga and short walks are other "
            "ways people wind down; log your mindfulness minutes to see how they sit with your stress."
        ),
        "source_citation": (
            "Goyal M et al. Meditation programs for psychological stress and well-being. "
            "JAMA Intern Med 2014;174(3):357–68. Also: Foster JA, Rinaman L, Cryan JF. Stress & the gut-brain "
            "axis: regulation by the microbiome. Neurobiol Stress 2017;7:124–36."
        ),
        "source_url": "https://doi.org/10.1001/jamainternmed.2013.13018",
    },
    {
        "slug": "sleep",
        "title": "Sleep",
        "factor": "sleep_hours",
        "rule": "mean_below",
        "threshold": "7.00",
        "window": 7,
        "figure_label": "Your sleep",
        "unit": "h a night",
        "decimals": 1,
        "reference": "adults do best on 7–9 h.",
        "order": 70,
        "body": (
            "Sleep experts recommend that adults regularly sleep 7 hours or more a night; 7 to 9 hours is the "
            "usual range. Short sleep goes with worse mood, concentration and health.\n\n"
            "A regular bedtime and wake time, daylight in the morning, and less caffeine and alcohol late in the "
            "day are the usual first steps. If you snore loudly or wake unrefreshed despite enough hours, mention "
            "it to a doctor."
        ),
        "source_citation": (
            "Watson NF et al. Recommended amount of sleep for a healthy adult. Sleep 2015;38(6):843–4. "
            "Also: Hirshkowitz M et al. Sleep Health 2015;1(1):40–3."
        ),
        "source_url": "https://doi.org/10.5665/sleep.4716",
    },
    {
        "slug": "exercise",
        "title": "Movement",
        "factor": "exercise_minutes",
        "rule": "mean_below",
        "threshold": "30.00",
        "window": 7,
        "figure_label": "Your exercise",
        "unit": "min a day",
        "decimals": 0,
        "reference": "the WHO suggests 150–300 min of moderate activity a week, about 20–45 min a day.",
        "order": 80,
        "body": (
            "In a meta-analysis of trials in people with depression, exercise reduced symptoms with a large effect.\n\n"
            "In a six-week trial, regular endurance exercise changed the make-up and activity of participants' gut "
            "microbes; the changes faded when they stopped.\n\n"
            "Brisk walking counts as moderate activity, and the WHO guidelines stress that some is better than none."
        ),
        "source_citation": (
            "Bull FC et al. World Health Organization 2020 guidelines on physical activity and sedentary behaviour. "
            "Br J Sports Med 2020;54:1451–62. Also: Schuch FB et al. J Psychiatr Res 2016;77:42–51; "
            "Allen JM et al. Med Sci Sports Exerc 2018;50(4):747–57."
        ),
        "source_url": "https://doi.org/10.1136/bjsports-2020-102955",
    },
    {
        "slug": "hydration",
        "title": "Drinking enough",
        "factor": "water_glasses",
        "rule": "mean_below",
        "threshold": "6.00",
        "window": 7,
        "figure_label": "Your water",
        "unit": "glasses a day",
        "decimals": 1,
        "reference": "other drinks and food count too.",
        "order": 90,
        "body": (
            "In a small laboratory study, young women who were mildly dehydrated reported lower mood, more fatigue "
            "and more difficulty concentrating. The evidence on water and mood is thin beyond that.\n\n"
            "Needs vary with body size, heat and activity. Pale yellow urine is a simple everyday guide, and a "
            "glass of water with each meal is an easy habit."
        ),
        "source_citation": (
            "Armstrong LE et al. Mild dehydration affects mood in healthy young women. J Nutr 2012;142(2):382–8."
        ),
        "source_url": "https://doi.org/10.3945/jn.111.142000",
    },
    {
        "slug": "after-antibiotics",
        "title": "After a course of antibiotics",
        "factor": "antibiotics",
        "rule": "mean_above",
        "threshold": "0.00",
        "window": 14,
        "figure": "days",
        "figure_label": "Antibiotics",
        "unit": "",
        "decimals": 2,
        "reference": "your gut microbes may take a while to settle afterwards.",
        "order": 100,
        "body": (
            "Take antibiotics as prescribed: when they are needed, they matter. They also disturb the gut's "
            "microbes, and in some people the mix had not fully returned months later.\n\n"
            'Taking probiotics to "replenish" the gut afterwards is not established. In one careful study, a '
            "multi-strain probiotic taken after antibiotics slowed the return of people's own gut microbes "
            "compared with no probiotic. Probiotics can lower the chance of diarrhoea during a course of "
            "antibiotics; ask your pharmacist or doctor whether that suits you.\n\n"
            "A varied diet with plenty of fiber feeds the microbes that remain; whether any food speeds the recovery "
            "has not been well tested."
        ),
        "source_citation": (
            "Suez J et al. Post-antibiotic gut mucosal microbiome reconstitution is impaired by probiotics and "
            "improved by autologous FMT. Cell 2018;174(6):1406–23. Also: Dethlefsen L, Relman DA. PNAS 2011;"
            "108(Suppl 1):4554–61; Hempel S et al. JAMA 2012;307(18):1959–69."
        ),
        "source_url": "https://doi.org/10.1016/j.cell.2018.08.047",
    },
]

SEED_SLUGS = [item["slug"] for item in GUIDANCE]


def seed(apps, schema_editor):
    Guidance = apps.get_model("insights", "Guidance")
    for item in GUIDANCE:
        fields = {**item, "published": True}
        Guidance.objects.update_or_create(slug=fields.pop("slug"), defaults=fields)


def unseed(apps, schema_editor):
    Guidance = apps.get_model("insights", "Guidance")
    Guidance.objects.filter(slug__in=SEED_SLUGS).delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
