namespace Edge.Controller.Fleet;

/// <summary>A request the fleet refused; nothing was changed. The message names the problem.</summary>
internal sealed class FleetException : Exception
{
    public FleetException()
    {
    }

    public FleetException(string message)
        : base(message)
    {
    }

    public FleetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FleetException(FleetError error, string message)
        : base(message) => Error = error;

    public FleetError Error { get; }
}
