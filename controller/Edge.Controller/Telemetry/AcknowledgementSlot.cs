namespace Edge.Controller.Telemetry;

/// <summary>One node's latest committed watermark and a task that completes when it changes.</summary>
internal sealed class AcknowledgementSlot
{
    private readonly Lock _gate = new();
    private NodeWatermark? _mark;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set(NodeWatermark mark)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (_mark is { } had && had.Stream == mark.Stream && had.Sequence >= mark.Sequence)
            {
                return;
            }

            _mark = mark;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>The watermark now (null: none stored yet) and a task that completes at the next change.</summary>
    public (NodeWatermark? Mark, Task Changed) Read()
    {
        lock (_gate)
        {
            return (_mark, _changed.Task);
        }
    }
}
