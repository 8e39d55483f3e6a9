"""The report's charts as geometry both renderers draw: SVG in the page, vector paths in the PDF.

Coordinates are fractions (0..1, y upwards) of the plot area, so each renderer
only scales them; a gap (a week with nothing logged) splits a line into segments.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The SVG's own coordinate system (it scales to the page width).
SVG_WIDTH, SVG_HEIGHT = 320, 150
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 30, 8, 8, 22


@dataclass(frozen=True)
class Series:
    column: str
    label: str
    style: str  # "a", "b" or "c": colour and dash pattern, the same in print and on screen
    values: tuple[float | None, ...]

    def segments(self, low: float, high: float) -> list[list[tuple[float, float]]]:
        """Runs of consecutive known values as (x, y) fractions; a lone value is a segment of one point."""
        count = len(self.values)
        runs: list[list[tuple[float, float]]] = []
        current: list[tuple[float, float]] = []
        for i, value in enumerate(self.values):
            if value is None:
                if current:
                    runs.append(current)
                current = []
                continue
            x = 0.5 if count == 1 else i / (count - 1)
            current.append((x, (min(max(value, low), high) - low) / (high - low)))
        if current:
            runs.append(current)
        return runs


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    unit: str
    low: float
    high: float
    ticks: tuple[float, ...]
    x_labels: tuple[str, ...]
    series: tuple[Series, ...]
    summary: str = ""

    @property
    def has_data(self) -> bool:
        return any(v is not None for s in self.series for v in s.values)

    def svg(self) -> dict:
        """What templates/report/_chart.html draws, in SVG user units."""
        width = SVG_WIDTH - PLOT_LEFT - PLOT_RIGHT
        height = SVG_HEIGHT - PLOT_TOP - PLOT_BOTTOM

        def point(x: float, y: float) -> tuple[float, float]:
            return round(PLOT_LEFT + x * width, 1), round(PLOT_TOP + (1 - y) * height, 1)

        lines = []
        for s in self.series:
            segments = [[point(x, y) for x, y in run] for run in s.segments(self.low, self.high)]
            lines.append(
                {
                    "style": s.style,
                    "paths": [" ".join(f"{x},{y}" for x, y in seg) for seg in segments if len(seg) > 1],
                    "dots": [xy for seg in segments for xy in seg],
                }
            )
        ticks = [{"y": point(0, (t - self.low) / (self.high - self.low))[1], "label": _tick(t)} for t in self.ticks]
        return {
            "width": SVG_WIDTH,
            "height": SVG_HEIGHT,
            "left": PLOT_LEFT,
            "right": SVG_WIDTH - PLOT_RIGHT,
            "bottom": SVG_HEIGHT - PLOT_BOTTOM,
            "label_y": SVG_HEIGHT - 6,
            "center_x": PLOT_LEFT + width / 2,
            "center_y": PLOT_TOP + height / 2,
            "ticks": ticks,
            "x_labels": _x_labels(self.x_labels, point),
            "lines": lines,
        }


def _tick(value: float) -> str:
    return f"{value:g}"


def _x_labels(labels: Sequence[str], point: Callable[[float, float], tuple[float, float]]) -> list[dict]:
    """At most about six labels under the axis, first and last always shown."""
    count = len(labels)
    if count == 0:
        return []
    step = max(1, math.ceil(count / 6))
    shown = sorted({*range(0, count, step), count - 1})
    if len(shown) > 1 and shown[-1] - shown[-2] < step:
        shown.pop(-2)
    return [{"x": point(0.5 if count == 1 else i / (count - 1), 0)[0], "label": labels[i]} for i in shown]


def nice_ceiling(value: float, minimum: float, step: float) -> float:
    """The axis top: at least `minimum`, rounded up to a multiple of `step`."""
    return max(minimum, math.ceil(value / step) * step)


@dataclass
class ChartSpec:
    slug: str
    title: "StrOrPromise"  # translated when the chart is built, in the person's language
    unit: "StrOrPromise"
    columns: tuple[str, ...]
    low: float
    high: float | None  # None: from the data, at least `minimum`
    minimum: float = 0
    step: float = 1
    ticks: tuple[float, ...] = field(default_factory=tuple)
