"""A History chart in the window: pick a chart, read a sprint's exact values on hover, click or
from the sprint list, and export it as PNG or SVG.

matplotlib (and its QtAgg canvas) is imported when the first chart is drawn, never at start-up.
A chart is built and rendered (with Agg) in a worker thread while the chart area says
"Drawing the chart…": the sprint list and page are usable at once, and the GUI thread only puts
the finished pixels on a canvas (a 200-sprint chart takes 80–100 ms to build and draw, the first
one also the 0.5–1 s import of matplotlib).
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from facilitator import chart_modules, give_way
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
DRAWING = "Drawing the chart…"
MIN_HEIGHT = 220
WAIT_FOR_PAINT_MS = 100
VALUES_LINES = 3
# While a worker draws, the GUI thread waits at most this long for the interpreter each time it
# needs it (Python's default, 5 ms, made every event the window handled meanwhile 5 ms slower:
# the event loop's turns after a first visit waited 5–9 ms for a chart being drawn).
WORKER_SWITCH_S = 0.0005
_switch_lock = threading.Lock()
_switch_holders: list[float] = []  # the interval before the first worker began, while any runs


@contextlib.contextmanager
def gui_first() -> Iterator[None]:
    """Inside the block (a worker thread's), hand the interpreter back to a waiting thread
    within :data:`WORKER_SWITCH_S`; the usual interval returns when the last such block ends."""
    with _switch_lock:
        _switch_holders.append(sys.getswitchinterval())
        sys.setswitchinterval(min(WORKER_SWITCH_S, _switch_holders[0]))
    try:
        yield
    finally:
        with _switch_lock:
            before = _switch_holders.pop()
            if not _switch_holders:
                sys.setswitchinterval(before)


def chart_drawer() -> Callable[..., tuple[Chart, Any]]:
    """What draws a History chart (:func:`facilitator.charts.history.drawn`), with matplotlib's
    Qt canvas made: imported through :func:`facilitator.chart_modules.load`, so a worker that
    starts while the warming thread imports waits for it instead of meeting half-made modules."""
    chart_modules.load(qt=True)
    from facilitator.charts.history import drawn

    _canvas_class()
    return drawn


@functools.cache
def _canvas_class() -> type[Any]:
    """The QtAgg canvas, made on first use (importing matplotlib's Qt backend then)."""
    chart_modules.load(qt=True)  # one thread at a time (another may be importing them)
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    class Canvas(FigureCanvasQTAgg):
        """A canvas showing the pixels a figure was rendered into elsewhere (with Agg, in the
        worker thread) and not drawing it again while they fit: at the size and dpi they were
        drawn at, its figure looks the same (it never changes once built; the marker is
        blitted over it). Only public methods are overridden (``get_renderer``, ``draw``)."""

        def __init__(self, figure: Any, rendered: Any) -> None:
            super().__init__(figure)  # type: ignore[no-untyped-call]
            self._fitting: Any = rendered  # the renderer holding the figure's current pixels
            self.renderer = rendered

        def get_renderer(self) -> Any:
            """The renderer the figure was last drawn with on screen while it fits the
            canvas's size and dpi, else one for them (an export's, a new size's)."""
            from matplotlib.backends.backend_agg import RendererAgg

            w, h = self.get_width_height(physical=True)
            key = (w, h, self.figure.dpi)
            for kept in (getattr(self, "_fitting", None), getattr(self, "_other", None)):
                if kept is not None and (kept.width, kept.height, kept.dpi) == key:
                    self.renderer = kept
                    return kept
            self.renderer = self._other = RendererAgg(w, h, self.figure.dpi)  # type: ignore[no-untyped-call]
            return self.renderer

        def draw(self) -> None:
            """Draw the figure, unless its pixels at this size are there already (a layout that
            passes the canvas through another size on its way back, or showing a screen warmed
            at the size it is shown at)."""
            saving = self.is_saving()
            kept = getattr(self, "_fitting", None)
            if not saving and kept is not None and self.get_renderer() is kept:
                return
            # A window squeezed below the chart's labels leaves constrained layout no room; it
            # warns and draws unlaid-out, which is the best a window that small can show.
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "constrained_layout not applied")
                super().draw()  # type: ignore[no-untyped-call]
            if not saving:  # an export draws at the file's size, not the canvas's
                self._fitting = self.renderer

        def get_renderer_size(self) -> tuple[float, float] | None:
            """The size the figure was last drawn at (None: not drawn yet)."""
            kept = getattr(self, "_fitting", None)
            return None if kept is None else (kept.width, kept.height)

    return Canvas


class _Pending(QLabel):
    """The chart area while the chart is drawn; says when it has been painted."""

    painted = Signal()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        self.painted.emit()


class _Arrivals(QObject):
    """Carries a chart drawn in a worker thread to the GUI thread (a queued signal)."""

    drawn = Signal(int, object)  # the request's number, (Chart, Agg canvas) or the error


class ChartPanel(QWidget):
    """One chart of the team's history at a time, with its values line and export button."""

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        """Build the picker, the (empty) chart area, the values line and the export button."""
        super().__init__(parent)
        self.dialogs = dialogs
        self.setObjectName("history_charts")
        self.picker = combo("history_chart_pick", "Chart", [(t, k) for k, t in CHARTS])
        # Its items never change: sized once. Adjusting to its contents, it asked the screen
        # for a new layout from a timer just after the first paint, and the screen was
        # painted again (the first visit's second paint of the whole screen).
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow)
        self.export = button("history_chart_export", "Export chart…", "Save as PNG or SVG")
        self.values = plain_label(name="history_chart_values", wrap=True)
        # Room for a sprint's values kept from the start: a line that grew when the chart
        # arrived (or a sprint was picked) would shrink the chart and make it draw again.
        self.values.setMinimumHeight(VALUES_LINES * self.values.fontMetrics().lineSpacing())
        self.values.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.error = error_label("history_chart_error")
        # Where the chart goes, saying "Drawing the chart…" until it arrives; the canvas takes
        # its place at its size (the chart is drawn at that size, so it is not drawn again).
        self.pending = _Pending()
        self.pending.setTextFormat(Qt.TextFormat.PlainText)
        self.pending.setObjectName("history_chart_pending")
        self.pending.setAccessibleName("history chart pending")
        self.pending.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pending.setMinimumHeight(MIN_HEIGHT)
        self.pending.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.chart: Chart | None = None
        self.canvas: Any = None
        self._metrics: list[SprintMetrics] = []
        self._sla = 24.0
        self._scale = 1.0
        self._marker: Any = None
        self._background: Any = None  # the rendered chart without the marker (to blit on)
        self.selected: int | None = None
        self._asked = 0  # the number of the latest chart asked for; older arrivals are dropped
        self._arrived = 0
        self._failed = False  # whether the last chart asked for could not be drawn
        self._arrivals = _Arrivals(self)
        self._arrivals.drawn.connect(self._on_drawn, Qt.ConnectionType.QueuedConnection)
        # A chart asked for on screen is begun once "Drawing the chart…" has been painted (the
        # worker shares the interpreter: begun sooner, it would slow the screen's first paint).
        self._queued: tuple[Any, ...] | None = None
        self.pending.painted.connect(lambda: QTimer.singleShot(0, self._begin))

        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.export)
        self.area = QVBoxLayout()
        self.area.addWidget(self.pending)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.area, 1)
        layout.addWidget(self.values)
        layout.addWidget(self.error)
        self.picker.currentIndexChanged.connect(lambda _i: self.redraw())
        self.export.clicked.connect(self.ask_export)

    @property
    def drawing(self) -> bool:
        """Whether a chart asked for has not arrived yet."""
        return self._arrived != self._asked

    def show_metrics(self, metrics: Sequence[SprintMetrics], sla_hours: float) -> None:
        """Chart ``metrics`` (oldest first) with the team's blocker SLA; the same as charted
        (or being drawn) already, nothing is drawn again (a failed chart is tried again)."""
        same = list(metrics) == self._metrics and sla_hours == self._sla
        if same and self._asked and not self._failed:
            return
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
        """Ask for the picked chart: the area says "Drawing the chart…" and a worker thread
        builds and renders it at the area's size; :meth:`_on_drawn` shows it."""
        self._asked += 1
        self._failed = False
        self.chart, self._marker, self._background = None, None, None
        if self.canvas is not None:
            self.area.removeWidget(self.canvas)
            self.canvas.hide()
            self.canvas.deleteLater()
            self.canvas = None
            self.pending.show()
        self.pending.setText(DRAWING)
        self.export.setEnabled(False)
        self._queued = (
            self._asked,
            str(self.picker.currentData()),
            tuple(self._metrics),
            self._sla,
            self._scale,
        )
        if self.pending.isVisible():
            self.pending.update()
            QTimer.singleShot(WAIT_FOR_PAINT_MS, self._begin)  # should it never be painted
        else:
            self._begin()  # hidden (warming): nothing to paint first

    def _begin(self) -> None:
        """Start the worker thread on the chart asked for last, if not started yet."""
        if self._queued is None:
            return
        args, self._queued = self._queued, None
        # The size is read now, once "Drawing the chart…" is painted: the screen is laid out
        # as it is shown (read when the chart was asked for, a screen just switched to gave
        # the size before its layout, and the chart was drawn again on the GUI thread).
        size = self.pending.size()
        ratio = self.pending.devicePixelRatioF()
        wanted = None
        if self.pending.testAttribute(Qt.WidgetAttribute.WA_Resized):
            wanted = (round(size.width() * ratio), round(size.height() * ratio))
        worker = threading.Thread(
            target=self._draw, args=(*args, wanted), name="history-chart", daemon=True
        )
        # Starting, the window's thread waits for the worker to say it has begun, then for the
        # interpreter, which the worker (already drawing) held for the usual 5 ms: the short
        # interval is on before it begins (its own block keeps it on until it is done).
        with gui_first():
            worker.start()

    def _draw(
        self,
        asked: int,
        key: str,
        metrics: Sequence[SprintMetrics],
        sla: float,
        scale: float,
        size: tuple[int, int] | None,
    ) -> None:
        """In the worker thread: build and render the chart, then hand it to the GUI thread."""
        result: object
        try:
            with gui_first(), give_way.job():  # waits while the user acts elsewhere
                drawn = chart_drawer()  # matplotlib's Qt backend imported here, not in the GUI
                result = drawn(key, metrics, sla, scale, size)
        except Exception as err:  # shown in the GUI thread, never lost
            result = err
        with contextlib.suppress(RuntimeError):  # the panel was deleted meanwhile
            self._arrivals.drawn.emit(asked, result)

    def _on_drawn(self, asked: int, result: object) -> None:
        if asked != self._asked:
            return  # a later chart was asked for meanwhile
        self._arrived = asked
        if isinstance(result, BaseException):
            self._failed = True
            self.pending.setText(f"The chart could not be drawn: {result}")
            return
        chart, agg = cast("tuple[Chart, Any]", result)
        self.chart = chart
        canvas = _canvas_class()(chart.figure, agg.get_renderer())  # its pixels
        canvas.setObjectName("history_chart_canvas")
        canvas.setAccessibleName(f"{chart.title} chart")
        canvas.setMinimumHeight(MIN_HEIGHT)
        canvas.mpl_connect("motion_notify_event", self._on_mouse)
        canvas.mpl_connect("button_press_event", self._on_mouse)
        canvas.mpl_connect("draw_event", self._on_canvas_drawn)
        if self.pending.testAttribute(Qt.WidgetAttribute.WA_Resized):
            canvas.resize(self.pending.size())
        self.pending.hide()
        self.area.addWidget(canvas)
        self.canvas = canvas
        self._background = canvas.copy_from_bbox(chart.figure.bbox)  # drawn with no marker
        self.export.setEnabled(True)
        self.point_at(self.selected)

    def wait_drawn(self, timeout_ms: int = 30_000) -> bool:
        """Run the event loop until the chart asked for has arrived (tests, export from the
        command line); returns whether it did within ``timeout_ms``."""
        from PySide6.QtCore import QDeadlineTimer, QEventLoop
        from PySide6.QtWidgets import QApplication

        deadline = QDeadlineTimer(timeout_ms)
        while self.drawing and not deadline.hasExpired():
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
        return not self.drawing

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
        if self._marker is None:
            # Animated: drawn over the rendered chart (blitted), so moving it redraws nothing else.
            self._marker = chart.figure.axes[0].axvline(
                index, color="#555555", alpha=0.25, lw=6, animated=True
            )
        else:
            self._marker.set_xdata([index, index])
        self._blit()

    def _on_canvas_drawn(self, _event: Any) -> None:
        """After a full draw (a resize): keep the chart without the marker, then draw it on."""
        if self.canvas is None or self.chart is None or self.canvas.is_saving():
            return  # an export's draw (at the file's size, its marker drawn in) is no background
        self._background = self.canvas.copy_from_bbox(self.chart.figure.bbox)
        if self._marker is not None:
            self.chart.figure.axes[0].draw_artist(self._marker)

    def _blit(self) -> None:
        if self.canvas is None or self.chart is None or self._background is None:
            return
        self.canvas.restore_region(self._background)
        if self._marker is not None:
            self.chart.figure.axes[0].draw_artist(self._marker)
        self.canvas.blit(self.chart.figure.bbox)

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
        marker = self._marker
        try:
            # The file marks the sprint picked, as the screen does: the marker is blitted over
            # the rendered chart on screen (animated), which a saved figure leaves out.
            if marker is not None:
                marker.set_animated(False)
            self.chart.save(path)
        except (FacilitatorError, OSError) as err:
            self.error.setText(str(err))
            self.error.setVisible(True)
            return False
        finally:
            if marker is not None:
                marker.set_animated(True)
        self.error.setVisible(False)
        self.values.setText(f"Saved {self.chart.title} to {path}")
        return True
