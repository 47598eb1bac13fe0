namespace Edge.Controller.Events;

/// <summary>A refusal of the event log (too many watches), with the message to show.</summary>
internal sealed class EventLogException(string message) : Exception(message);
