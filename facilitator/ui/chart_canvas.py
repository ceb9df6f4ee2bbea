"""A History chart in the window: pick a chart, read a sprint's exact values on hover, click or
from the sprint list, and export it as PNG or SVG.

matplotlib (and its QtAgg canvas) is imported when the first chart is drawn, never at start-up.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from facilitator.domain.metrics import SprintMetrics
from facilitator.errors import FacilitatorError
from facilitator.ui.dialogs import Dialogs
from facilitator.ui.widgets.story_form import button, combo, error_label
from facilitator.ui.widgets.text import plain_label

if TYPE_CHECKING:
    from facilitator.charts.base import Chart

# The same keys and titles as facilitator.charts.history.CHART_TITLES (not imported: matplotlib).
CHARTS = (
    ("forecast", "Forecast vs actual"),
    ("throughput", "Throughput"),
    ("waits", "Blockers and decisions"),
    ("delivery", "Deployments and defects"),
    ("experiments", "Experiments"),
    ("timeboxes", "Timebox adherence"),
)
PRESENTER_SCALE = 2.0


@functools.cache
def _canvas_class() -> type[Any]:
    """The QtAgg canvas, made on first use (importing matplotlib's Qt backend then)."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    class Canvas(FigureCanvasQTAgg):
        """A canvas that lets a squeezed window draw without a layout warning, and is not
        drawn again when shown at the size it was drawn at while hidden."""

        def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
            ratio = self.device_pixel_ratio
            size = (event.size().width() * ratio, event.size().height() * ratio)
            if size == tuple(self.figure.bbox.size) and self.get_renderer_size() == size:
                QWidget.resizeEvent(self, event)  # drawn at this size already
                return
            super().resizeEvent(event)  # type: ignore[no-untyped-call]

        def get_renderer_size(self) -> tuple[float, float] | None:
            """The size the figure was last drawn at (None: not drawn yet)."""
            renderer = getattr(self, "renderer", None)
            return None if renderer is None else (renderer.width, renderer.height)

        def draw(self) -> None:
            # A window squeezed below the chart's labels leaves constrained layout no room; it
            # warns and draws unlaid-out, which is the best a window that small can show.
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "constrained_layout not applied")
                super().draw()  # type: ignore[no-untyped-call]

    return Canvas


class ChartPanel(QWidget):
    """One chart of the team's history at a time, with its values line and export button."""

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        """Build the picker, the (empty) chart area, the values line and the export button."""
        super().__init__(parent)
        self.dialogs = dialogs
        self.setObjectName("history_charts")
        self.picker = combo("history_chart_pick", "Chart", [(t, k) for k, t in CHARTS])
        self.export = button("history_chart_export", "Export chart…", "Save as PNG or SVG")
        self.values = plain_label(name="history_chart_values", wrap=True)
        self.error = error_label("history_chart_error")
        self.chart: Chart | None = None
        self.canvas: Any = None
        self._metrics: list[SprintMetrics] = []
        self._sla = 24.0
        self._scale = 1.0
        self._marker: Any = None
        self.selected: int | None = None

        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.export)
        self.area = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.area, 1)
        layout.addWidget(self.values)
        layout.addWidget(self.error)
        self.picker.currentIndexChanged.connect(lambda _i: self.redraw())
        self.export.clicked.connect(self.ask_export)

    def show_metrics(self, metrics: Sequence[SprintMetrics], sla_hours: float) -> None:
        """Chart ``metrics`` (oldest first) with the team's blocker SLA."""
        self._metrics = list(metrics)
        self._sla = sla_hours
        if self.selected is not None and self.selected >= len(self._metrics):
            self.selected = None
        self.redraw()

    def set_scale(self, scale: float) -> None:
        """Redraw at ``scale`` (presenter mode: larger type)."""
        if scale != self._scale:
            self._scale = scale
            self.redraw()

    def redraw(self) -> None:
        """Build the picked chart and put it on a fresh canvas."""
        from facilitator.charts.history import build

        key = str(self.picker.currentData())
        self.chart = build(key, self._metrics, self._sla, self._scale)
        if self.canvas is not None:
            self.area.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.canvas = _canvas_class()(self.chart.figure)
        self.canvas.setObjectName("history_chart_canvas")
        self.canvas.setAccessibleName(f"{self.chart.title} chart")
        self.canvas.setMinimumHeight(220)
        self.canvas.mpl_connect("motion_notify_event", self._on_mouse)
        self.canvas.mpl_connect("button_press_event", self._on_mouse)
        self.area.addWidget(self.canvas)
        self._marker = None
        self.point_at(self.selected)

    def fit_figure(self) -> None:
        """Size the figure to the canvas as laid out (while hidden, the canvas is given its
        size but not its resize event, which sizes the figure when it is shown)."""
        canvas = self.canvas
        if canvas is None or canvas.width() <= 0 or canvas.height() <= 0:
            return
        ratio, dpi = canvas.device_pixel_ratio, canvas.figure.dpi
        canvas.figure.set_size_inches(
            canvas.width() * ratio / dpi, canvas.height() * ratio / dpi, forward=False
        )

    def _on_mouse(self, event: Any) -> None:
        if self.chart is not None:
            index = self.chart.index_at(event.xdata if event.inaxes else None)
            if index is not None:
                self.point_at(index)

    def point_at(self, index: int | None) -> None:
        """Show the exact values of sprint ``index`` (oldest first) and mark it on the chart."""
        self.selected = index
        chart = self.chart
        if chart is None or index is None or not 0 <= index < len(chart.labels):
            self.values.setText("" if self._metrics else "No sprints to chart yet")
            return
        self.values.setText(chart.values_text(index))
        if self._marker is not None:
            self._marker.remove()
        self._marker = chart.figure.axes[0].axvline(index, color="#555555", alpha=0.25, lw=6)
        self.canvas.draw_idle()

    def ask_export(self) -> None:
        """Ask where to save the chart, then save it (PNG or SVG, by the name's suffix)."""
        if self.chart is None:
            return
        suggested = Path.home() / f"{self.chart.key}.png"
        path = self.dialogs.save_path(self, "Export chart", suggested, "PNG (*.png);;SVG (*.svg)")
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> bool:
        """Save the chart at ``path``; a refusal shows inline. Returns whether it was saved."""
        if self.chart is None:
            return False
        try:
            self.chart.save(path)
        except (FacilitatorError, OSError) as err:
            self.error.setText(str(err))
            self.error.setVisible(True)
            return False
        self.error.setVisible(False)
        self.values.setText(f"Saved {self.chart.title} to {path}")
        return True
