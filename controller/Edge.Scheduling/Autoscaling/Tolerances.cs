namespace Edge.Scheduling.Autoscaling;

/// <summary>The band of usage ratios that changes nothing: [1 − down, 1 + up].</summary>
public readonly record struct Tolerances(double Up, double Down)
{
    public static Tolerances Of(AutoscalerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new Tolerances(spec.ScaleUp.Tolerance ?? spec.Tolerance, spec.ScaleDown.Tolerance ?? spec.Tolerance);
    }

    public bool IsWithin(double ratio) => ratio >= 1 - Down && ratio <= 1 + Up;
}
