using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace Edge.Ctl.Output;

/// <summary>
/// Writes a null as <c>null</c> rather than an empty value ("telemetry: null"), and multi-line text
/// (an error message with a backtrace) as a literal block that reads as it was written.
/// </summary>
internal sealed class ReadableScalarEventEmitter(IEventEmitter nextEmitter) : ChainedEventEmitter(nextEmitter)
{
    public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
    {
        ArgumentNullException.ThrowIfNull(eventInfo);
        switch (eventInfo.Source.Value)
        {
            case null:
                eventInfo.RenderedValue = "null";
                eventInfo.Style = ScalarStyle.Plain;
                break;
            case string text when text.Contains('\n', StringComparison.Ordinal):
                eventInfo.Style = ScalarStyle.Literal;
                break;
        }

        base.Emit(eventInfo, emitter);
    }
}
