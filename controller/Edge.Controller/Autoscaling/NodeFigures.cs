namespace Edge.Controller.Autoscaling;

/// <summary>
/// One node's averages for a workload over the metric window: its series columns, its guest
/// metrics (in the order the autoscaler asked for them; NaN where not reported), and whether its
/// agent measures CPU time but has no rate in the window yet.
/// </summary>
internal sealed record NodeFigures(double[] Columns, double[] Guests, bool CpuPending);
