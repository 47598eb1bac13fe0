namespace Edge.Controller.Events;

/// <summary>As Kubernetes event types: Normal for what went as asked, Warning for what an operator should look at.</summary>
internal enum EventType
{
    Normal,
    Warning,
}
