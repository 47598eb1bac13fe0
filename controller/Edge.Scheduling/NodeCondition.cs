namespace Edge.Scheduling;

public enum NodeCondition
{
    Ready,
    Disconnected,
}
