"""Diagrams of the gated cells (LSTM and GRU), each wire and gate drawn with matplotlib."""

from __future__ import annotations

from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .style import PALETTE, _blank, _box, _diagram_frame, _new_ax


def _node(ax, xy, text, radius=0.22):
    """A small circle with an operator (⊙, +, 1−) in it: an elementwise operation in a cell diagram."""
    ax.add_patch(Circle(xy, radius, facecolor="white", edgecolor="black", linewidth=1.0, zorder=3))
    ax.text(xy[0], xy[1], text, ha="center", va="center", fontsize=10, zorder=4)


def _wire(ax, points, color="black", arrow=True):
    """A wire through ``points`` (a polyline); its last segment ends in an arrow head when ``arrow`` is true."""
    xs, ys = zip(*points, strict=True)
    ax.plot(xs[:-1] if arrow else xs, ys[:-1] if arrow else ys, color=color, linewidth=1.2, zorder=1)
    if arrow:
        ax.add_patch(FancyArrowPatch(points[-2], points[-1], arrowstyle="-|>", mutation_scale=12, color=color,
                                     linewidth=1.2, shrinkA=0, shrinkB=0, zorder=2))


def _dot(ax, xy, color="black"):
    ax.plot(*xy, "o", color=color, markersize=4, zorder=3)


def plot_gru_cell(ax=None, title: str | None = None):
    """Draw one GRU step in PyTorch's formulation (gate blocks r, z, n), the state path in blue.

    The reset gate r scales ``W_hn h_{t-1} + b_hn`` *after* the matrix product, the candidate is
    ``n = tanh(W_in x_t + b_in + r ⊙ (W_hn h_{t-1} + b_hn))`` and the new state ``h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}``.
    """
    ax = _new_ax(ax, figsize=(10, 5.4))
    blue = PALETTE["blue"]
    top, x_row = 4.6, -0.4  # heights of the state line and of the input x_t
    h_bus, x_bus, gate_x = 0.9, 1.35, 3.35  # the wires that distribute h_{t-1} and x_t; centre of the gate boxes
    z_row, r_row, hn_row, in_row = 3.5, 2.5, 1.5, 0.5
    edge = gate_x + 1.0  # right edge of the gate boxes
    _box(ax, (-0.2, top), "$h_{t-1}$", "white", width=0.8, height=0.45)
    _box(ax, (-0.2, x_row), "$x_t$", PALETTE["yellow"], width=0.8, height=0.45)
    _wire(ax, [(0.2, top), (h_bus, top), (h_bus, hn_row)], color=blue, arrow=False)
    _wire(ax, [(0.2, x_row), (x_bus, x_row), (x_bus, z_row - 0.12)], arrow=False)
    for row in (z_row, r_row, hn_row):
        _wire(ax, [(h_bus, row + 0.08), (gate_x - 1.0, row + 0.08)], color=blue)
        _dot(ax, (h_bus, row + 0.08), blue)
    for row in (z_row, r_row, in_row):
        _wire(ax, [(x_bus, row - 0.12), (gate_x - 1.0, row - 0.12)])
        _dot(ax, (x_bus, row - 0.12))
    _box(ax, (gate_x, z_row), r"update $z = \sigma(\cdot)$", PALETTE["orange"], width=2.0, height=0.55)
    _box(ax, (gate_x, r_row), r"reset $r = \sigma(\cdot)$", PALETTE["purple"], width=2.0, height=0.55)
    _box(ax, (gate_x, hn_row), r"$W_{hn} h_{t-1} + b_{hn}$", PALETTE["sky"], width=2.0, height=0.55)
    _box(ax, (gate_x, in_row), r"$W_{in} x_t + b_{in}$", PALETTE["sky"], width=2.0, height=0.55)
    # The candidate n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)).
    reset_mul, cand_add, cand = (5.3, hn_row), (6.1, 1.0), (7.65, 1.0)
    _node(ax, reset_mul, r"$\odot$")
    _wire(ax, [(edge, hn_row), (reset_mul[0] - 0.22, hn_row)])
    _wire(ax, [(edge, r_row), (reset_mul[0], r_row), (reset_mul[0], hn_row + 0.22)])
    ax.text(reset_mul[0] + 0.25, hn_row + 0.5, r"$r \odot (W_{hn} h_{t-1} + b_{hn})$", fontsize=9, va="center")
    _node(ax, cand_add, "+")
    _wire(ax, [(reset_mul[0] + 0.22, hn_row), (cand_add[0], hn_row), (cand_add[0], cand_add[1] + 0.22)])
    _wire(ax, [(edge, in_row), (cand_add[0], in_row), (cand_add[0], cand_add[1] - 0.22)])
    _box(ax, cand, r"candidate $n = \tanh(\cdot)$", PALETTE["green"], width=2.3, height=0.55)
    _wire(ax, [(cand_add[0] + 0.22, cand[1]), (cand[0] - 1.15, cand[1])])
    # The interpolation h_t = z ⊙ h_{t-1} + (1 − z) ⊙ n.
    keep_mul, one_minus, write_mul, out_add = (6.6, top), (7.7, z_row), (9.2, r_row), (9.2, top)
    _wire(ax, [(h_bus, top), (keep_mul[0] - 0.22, top)], color=blue)
    _node(ax, keep_mul, r"$\odot$")
    _wire(ax, [(edge, z_row), (keep_mul[0], z_row), (keep_mul[0], top - 0.22)])
    _dot(ax, (keep_mul[0], z_row))
    ax.text(keep_mul[0], top + 0.4, r"keep: $z \odot h_{t-1}$", ha="center", fontsize=9, color=blue)
    _node(ax, one_minus, "1−", radius=0.24)
    _wire(ax, [(keep_mul[0], z_row), (one_minus[0] - 0.24, z_row)])
    _node(ax, write_mul, r"$\odot$")
    _wire(ax, [(one_minus[0], z_row - 0.24), (one_minus[0], r_row), (write_mul[0] - 0.22, r_row)])
    _wire(ax, [(cand[0] + 1.15, cand[1]), (write_mul[0], cand[1]), (write_mul[0], r_row - 0.22)])
    ax.text(write_mul[0] + 0.3, r_row, r"write: $(1-z) \odot n$", fontsize=9, va="center")
    _node(ax, out_add, "+")
    _wire(ax, [(keep_mul[0] + 0.22, top), (out_add[0] - 0.22, top)], color=blue)
    _wire(ax, [(write_mul[0], r_row + 0.22), (out_add[0], top - 0.22)])
    _box(ax, (10.5, top), "$h_t$", PALETTE["sky"], width=0.7, height=0.45)
    _wire(ax, [(out_add[0] + 0.22, top), (10.15, top)], color=blue)
    gates = (r"$z = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})$, "
             r"and $r$ alike with $W_{ir}, b_{ir}, W_{hr}, b_{hr}$")
    ax.text(2.3, x_row, gates, fontsize=9, va="center")
    _diagram_frame(ax, title or r"One GRU step as PyTorch computes it: $h_t = (1-z) \odot n + z \odot h_{t-1}$",
                   (-0.7, 11.0), (-0.8, 5.2))
    ax.set_xlabel("")
    return ax


def _lstm_node(ax, xy, text, color="white", radius=0.22, fontsize=11):
    """A small circle with a symbol inside (a pointwise operation in a cell diagram)."""
    ax.add_patch(Circle(xy, radius, facecolor=color, edgecolor="black", linewidth=1.0, zorder=3))
    ax.text(xy[0], xy[1], text, ha="center", va="center", fontsize=fontsize, zorder=4)


def _lstm_line(ax, points, color="black", linewidth=1.2, arrow=False):
    """A polyline through ``points``; with ``arrow=True`` its last segment ends in an arrow head."""
    xs, ys = zip(*points, strict=True)
    if arrow and len(points) > 2:
        ax.plot(xs[:-1], ys[:-1], color=color, linewidth=linewidth, zorder=1)
    if arrow:
        ax.add_patch(FancyArrowPatch(points[-2], points[-1], arrowstyle="-|>", mutation_scale=12, color=color,
                                     linewidth=linewidth, shrinkA=0, shrinkB=0, zorder=2))
    else:
        ax.plot(xs, ys, color=color, linewidth=linewidth, zorder=1)


def plot_lstm_cell(ax=None, title: str | None = None):
    """Draw one LSTM cell: the four gates (PyTorch order i, f, g, o), the cell-state path and the output.

    The top line is the cell state: ``c_t = f ⊙ c_{t−1} + i ⊙ g`` (one multiplication and one addition, no
    weight matrix). The bottom line carries ``[h_{t−1}, x_t]`` to the four gate layers; the output is
    ``h_t = o ⊙ tanh(c_t)``.
    """
    ax = _new_ax(ax, figsize=(9.0, 5.4))
    cell_y, bus_y, gate_y = 5.0, 0.9, 2.3
    r = 0.22
    ax.add_patch(FancyBboxPatch((0.9, 0.35), 8.1, 5.25, boxstyle="round,pad=0.1", facecolor="#f4f4f4",
                                edgecolor="#999999", linewidth=1.0, zorder=0))
    # Cell state path (the "highway"): x at the forget gate, + where i ⊙ g comes in.
    fx, ax_plus, hx = 2.6, 4.9, 7.9
    highway = PALETTE["vermillion"]
    _lstm_line(ax, [(0.0, cell_y), (fx - r, cell_y)], color=highway, linewidth=2.2, arrow=True)
    _lstm_line(ax, [(fx + r, cell_y), (ax_plus - r, cell_y)], color=highway, linewidth=2.2, arrow=True)
    _lstm_line(ax, [(ax_plus + r, cell_y), (10.0, cell_y)], color=highway, linewidth=2.2, arrow=True)
    ax.text(0.0, cell_y + 0.3, "$c_{t-1}$", fontsize=12, ha="left")
    ax.text(10.0, cell_y + 0.3, "$c_t$", fontsize=12, ha="right")
    _lstm_node(ax, (fx, cell_y), "×")
    _lstm_node(ax, (ax_plus, cell_y), "+")
    # Input bus: h_{t-1} from the left, x_t from below, concatenated and fed to every gate.
    gates = [("$f$", r"$\sigma$", fx, PALETTE["orange"]), ("$i$", r"$\sigma$", 3.9, PALETTE["sky"]),
             ("$g$", "tanh", 5.2, PALETTE["yellow"]), ("$o$", r"$\sigma$", 6.6, PALETTE["green"])]
    _lstm_line(ax, [(0.0, bus_y), (gates[-1][2], bus_y)])
    ax.text(0.0, bus_y + 0.25, "$h_{t-1}$", fontsize=12, ha="left")
    _lstm_line(ax, [(1.6, -0.35), (1.6, bus_y)], arrow=False)
    ax.text(1.6, -0.6, "$x_t$", fontsize=12, ha="center")
    ax.text(1.75, bus_y - 0.32, "$[h_{t-1}, x_t]$", fontsize=9, ha="left", color="#444444")
    for name, activation, x, color in gates:
        _lstm_line(ax, [(x, bus_y), (x, gate_y - 0.25)], arrow=True)
        _box(ax, (x, gate_y), activation, color, width=0.9, height=0.5)
        ax.text(x - 0.6, gate_y + 0.05, name, fontsize=12, ha="center", va="center")
    # f -> x on the highway; i and g -> x -> +.
    _lstm_line(ax, [(fx, gate_y + 0.25), (fx, cell_y - r)], color=PALETTE["orange"], arrow=True)
    mul_ig = (4.55, 3.7)
    _lstm_line(ax, [(3.9, gate_y + 0.25), (3.9, mul_ig[1]), (mul_ig[0] - r, mul_ig[1])], arrow=True)
    _lstm_line(ax, [(5.2, gate_y + 0.25), (5.2, mul_ig[1]), (mul_ig[0] + r, mul_ig[1])], arrow=True)
    _lstm_node(ax, mul_ig, "×")
    _lstm_line(ax, [(mul_ig[0], mul_ig[1] + r), (ax_plus, cell_y - r)], arrow=True)
    # Output: h_t = o ⊙ tanh(c_t).
    tanh_c, mul_o = (hx, 3.75), (hx, gate_y)
    _lstm_line(ax, [(hx, cell_y), (hx, tanh_c[1] + 0.25)], color=highway, arrow=True)
    _box(ax, tanh_c, "tanh", PALETTE["yellow"], width=0.8, height=0.45)
    _lstm_line(ax, [(hx, tanh_c[1] - 0.23), (hx, mul_o[1] + r)], arrow=True)
    _lstm_line(ax, [(6.6 + 0.45, gate_y), (hx - r, gate_y)], color=PALETTE["green"], arrow=True)
    _lstm_node(ax, mul_o, "×")
    _lstm_line(ax, [(hx, mul_o[1] - r), (hx, bus_y), (10.0, bus_y)], color=PALETTE["blue"], linewidth=1.8, arrow=True)
    ax.text(10.0, bus_y + 0.25, "$h_t$", fontsize=12, ha="right")
    ax.text(10.0, bus_y - 0.3, "output and next step", fontsize=8, ha="right", va="top")
    # Equations and the gradient path.
    ax.text(3.75, cell_y + 0.35, r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$", fontsize=10, ha="center",
            color=highway)
    ax.text(5.0, 6.05, r"gradient path along the top line: $\partial c_t / \partial c_{t-1} = \mathrm{diag}(f_t)$,"
            " no weight matrix", fontsize=9, ha="center", color=highway)
    ax.text(hx - 0.1, 1.45, r"$h_t = o_t \odot \tanh(c_t)$", fontsize=10, ha="right")
    ax.set_xlim(-0.3, 10.3)
    ax.set_ylim(-0.9, 6.5)
    _blank(ax)
    ax.set_title(title or "An LSTM cell: gates i, f, g, o (PyTorch's order) and the cell-state path")
    return ax
