"""Charts for a theme summary, drawn the way a QA report draws them, as PNG bytes.

Why PNG bytes: the same image goes into the DOCX, beside the markdown and inline in the
HTML. Colour never carries meaning alone: every series also has a hatch or a marker,
a legend, and value labels, so the charts read in greyscale and for colour-blind readers.
Bytes are stable for the same summary (no timestamp in the PNG metadata).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

RATINGS = ("Outstanding", "Good", "Requires Improvement", "Inadequate")
# Okabe-Ito-based: distinguishable by colour-blind readers; hatches carry the same meaning
RATING_STYLE = {
    "Outstanding": {"color": "#0072B2", "hatch": ""},
    "Good": {"color": "#56B4E9", "hatch": "//"},
    "Requires Improvement": {"color": "#E69F00", "hatch": ".."},
    "Inadequate": {"color": "#D55E00", "hatch": "xx"},
}
STANCE_STYLE = {
    "strength": {"color": "#0072B2", "hatch": "", "marker": "o", "linestyle": "-"},
    "concern": {"color": "#D55E00", "hatch": "//", "marker": "s", "linestyle": "--"},
    "findings": {"color": "#444444", "hatch": "", "marker": "^", "linestyle": ":"},
}
FONT = {"font.size": 11, "axes.titlesize": 13, "axes.labelsize": 11, "legend.fontsize": 10,
        "xtick.labelsize": 10, "ytick.labelsize": 10, "hatch.linewidth": 0.8, "font.family": "DejaVu Sans"}
DPI = 150


@dataclass(frozen=True)
class Chart:
    """One figure: a file-safe name, the caption title, a text alternative and the PNG."""
    name: str
    title: str
    alt: str
    png: bytes


def _count(n: int, word: str) -> str:
    word = word.rstrip("s")
    return f"{n} {word}" + ("" if n == 1 else "s")


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def ratings_by_month(summary: dict) -> Chart | None:
    """Figure 1 of a QA report: audits on the theme by rating, stacked per month (percent),
    with each segment's count printed on it and the month's total above the bar."""
    rows = [r for r in summary.get("ratings_by_month") or [] if sum(r["counts"].values())]
    if not rows:
        return None
    months = [r["month"] for r in rows]
    with plt.rc_context(FONT):
        fig, ax = plt.subplots(figsize=(min(10, max(6.5, 0.7 * len(months) + 2.5)), 4.6))
        bottoms = [0.0] * len(rows)
        for rating in RATINGS:
            style = RATING_STYLE[rating]
            counts = [r["counts"].get(rating, 0) for r in rows]
            heights = [100 * c / sum(r["counts"].values()) for c, r in zip(counts, rows)]
            bars = ax.bar(months, heights, bottom=bottoms, label=rating, color=style["color"],
                          hatch=style["hatch"], edgecolor="black", linewidth=0.6)
            for bar, count, height in zip(bars, counts, heights):
                if count and height >= 9:
                    ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + height / 2, str(count), ha="center",
                            va="center", fontsize=10, fontweight="bold",
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
            bottoms = [b + h for b, h in zip(bottoms, heights)]
        for month, r in zip(months, rows):
            ax.text(month, 101.5, f"n={sum(r['counts'].values())}", ha="center", va="bottom", fontsize=9)
        ax.set_ylim(0, 110)
        ax.set_ylabel("Audits (% of the month's rated audits)")
        ax.set_xlabel("Month of audit")
        ax.set_title(f"Audit ratings by month: {summary['theme']['name']}")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), title="Rating (count on bar)", frameon=False)
        if len(months) > 6:
            plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
        ax.spines[["top", "right"]].set_visible(False)
        png = _png(fig)
    parts = "; ".join(f"{r['month']}: " + ", ".join(f"{r['counts'].get(x, 0)} {x}" for x in RATINGS) for r in rows)
    return Chart("ratings-by-month", "Audit ratings by month", f"Stacked bars of audit ratings by month. {parts}.", png)


def strengths_concerns_by_fundamental(summary: dict) -> Chart | None:
    """Strengths against concerns for every practice fundamental over the same filters,
    horizontal bars with counts at their ends; the theme's own fundamental is marked."""
    rows = [r for r in summary.get("by_fundamental") or [] if r.get("strength", 0) or r.get("concern", 0)]
    if not rows:
        return None
    rows = list(reversed(rows))  # first fundamental at the top
    theme_id = summary["theme"].get("id")
    labels = [("\u25b6 " if r["id"] == theme_id else "") + r["name"] for r in rows]
    with plt.rc_context(FONT):
        fig, ax = plt.subplots(figsize=(8, 0.55 * len(rows) + 1.8))
        height = 0.38
        ys = range(len(rows))
        for offset, stance in ((height / 2, "strength"), (-height / 2, "concern")):
            style = STANCE_STYLE[stance]
            values = [r.get(stance, 0) for r in rows]
            bars = ax.barh([y + offset for y in ys], values, height=height, color=style["color"],
                           hatch=style["hatch"], edgecolor="black", linewidth=0.6,
                           label="Strengths" if stance == "strength" else "Concerns")
            ax.bar_label(bars, labels=[str(v) for v in values], padding=3, fontsize=9)
        ax.set_yticks(list(ys), labels)
        for tick, r in zip(ax.get_yticklabels(), rows):
            if r["id"] == theme_id:
                tick.set_fontweight("bold")
        ax.set_xlabel("Findings")
        ax.set_title("Strengths and concerns by practice fundamental")
        ax.legend(loc="lower right", frameon=True)
        ax.margins(x=0.12)
        ax.spines[["top", "right"]].set_visible(False)
        png = _png(fig)
    parts = "; ".join(f"{r['name']}: {_count(r.get('strength', 0), 'strength')}, {_count(r.get('concern', 0), 'concern')}"
                      for r in reversed(rows))
    return Chart("strengths-concerns-by-fundamental", "Strengths and concerns by practice fundamental",
                 f"Horizontal bars of strength and concern findings per fundamental. {parts}.", png)


def theme_trend(summary: dict) -> Chart | None:
    """Findings, concerns and strengths on the theme per month: lines that differ by marker
    and dash as well as colour, labelled at their last point."""
    rows = summary.get("trend_by_month") or []
    if not rows:
        return None
    months = [r["month"] for r in rows]
    with plt.rc_context(FONT):
        fig, ax = plt.subplots(figsize=(min(10, max(6.5, 0.6 * len(months) + 2.5)), 4.4))
        for key, label in (("findings", "All findings"), ("concern", "Concerns"), ("strength", "Strengths")):
            style = STANCE_STYLE[key]
            values = [r.get(key, 0) for r in rows]
            ax.plot(months, values, label=label, color=style["color"], marker=style["marker"],
                    linestyle=style["linestyle"], linewidth=2, markersize=6)
            ax.annotate(f"{label} ({values[-1]})", (len(months) - 1, values[-1]), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=9, color="black")
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("Findings on the theme")
        ax.set_xlabel("Month of audit")
        ax.set_title(f"Findings on {summary['theme']['name']} by month")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        ax.margins(x=0.08)
        if len(months) > 6:
            plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
        if len(months) > 18:  # keep labels readable when the chart is at most 10 inches wide
            for n, tick in enumerate(ax.get_xticklabels()):
                tick.set_visible(n % 2 == (len(months) - 1) % 2)
        ax.grid(axis="y", linestyle=":", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
        png = _png(fig)
    parts = "; ".join(f"{r['month']}: " + ", ".join(_count(r.get(k, 0), k) for k in ("findings", "concern", "strength"))
                      for r in rows)
    return Chart("theme-trend", "Findings on the theme by month", f"Lines of findings per month. {parts}.", png)


def all_charts(summary: dict) -> list[Chart]:
    """The report's figures in order; a chart with nothing to draw is left out."""
    made = (ratings_by_month(summary), strengths_concerns_by_fundamental(summary), theme_trend(summary))
    return [c for c in made if c is not None]
