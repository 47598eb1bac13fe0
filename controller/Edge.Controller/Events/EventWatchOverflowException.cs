namespace Edge.Controller.Events;

/// <summary>A watch ended because its reader fell too far behind.</summary>
internal sealed class EventWatchOverflowException(string message) : Exception(message);
