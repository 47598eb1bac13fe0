using Edge.Controller.Grpc;
using Edge.Protos.V1;

namespace Edge.Controller.Tests;

[TestFixture]
public sealed class NodeLogRelayTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Test]
    public async Task AskAsync_NodeAnswers_ReturnsItsReply()
    {
        var relay = new NodeLogRelay();
        var attachment = relay.Attach("node-1");

        var asking = relay.AskAsync("node-1", new LogRequest { Workload = "web" }, Bound, CancellationToken.None);
        var request = await attachment.Outgoing.Reader.ReadAsync();
        var completed = relay.Complete("node-1", new LogReply { Id = request.Id, Lines = { new LogLine { Text = "hi" } } });

        var reply = await asking;
        Assert.Multiple(() =>
        {
            Assert.That(request.Workload, Is.EqualTo("web"));
            Assert.That(request.Id, Is.Not.Empty);
            Assert.That(completed, Is.True);
            Assert.That(reply.Lines.Single().Text, Is.EqualTo("hi"));
        });
    }

    [Test]
    public void AskAsync_NodeWithoutStream_IsOfflineAtOnce()
    {
        var relay = new NodeLogRelay();

        var offline = Assert.ThrowsAsync<NodeOfflineException>(() => relay.AskAsync("node-9", new LogRequest(), Bound, CancellationToken.None));

        Assert.That(offline!.Node, Is.EqualTo("node-9"));
    }

    [Test]
    public async Task Complete_ReplyFromAnotherNode_IsIgnoredAndTheAskedNodesReplyCounts()
    {
        var relay = new NodeLogRelay();
        var first = relay.Attach("node-1");
        relay.Attach("node-2");
        var asking = relay.AskAsync("node-1", new LogRequest { Workload = "web" }, Bound, CancellationToken.None);
        var request = await first.Outgoing.Reader.ReadAsync();

        var forged = relay.Complete("node-2", new LogReply { Id = request.Id, Lines = { new LogLine { Text = "forged" } } });
        relay.Complete("node-1", new LogReply { Id = request.Id, Lines = { new LogLine { Text = "real" } } });

        var reply = await asking;
        Assert.Multiple(() =>
        {
            Assert.That(forged, Is.False);
            Assert.That(reply.Lines.Single().Text, Is.EqualTo("real"));
        });
    }

    [Test]
    public async Task Detach_WhileAsked_EndsTheWaitAsOffline()
    {
        var relay = new NodeLogRelay();
        var attachment = relay.Attach("node-1");
        var asking = relay.AskAsync("node-1", new LogRequest(), Bound, CancellationToken.None);
        await attachment.Outgoing.Reader.ReadAsync();

        relay.Detach(attachment);

        Assert.ThrowsAsync<NodeOfflineException>(async () => await asking);
        Assert.That(relay.IsAttached("node-1"), Is.False);
    }

    [Test]
    public async Task Detach_OfAStreamANewerOneReplaced_KeepsTheNewerOne()
    {
        var relay = new NodeLogRelay();
        var old = relay.Attach("node-1");
        var newer = relay.Attach("node-1");

        relay.Detach(old);
        var asking = relay.AskAsync("node-1", new LogRequest(), Bound, CancellationToken.None);
        var request = await newer.Outgoing.Reader.ReadAsync();
        relay.Complete("node-1", new LogReply { Id = request.Id });

        Assert.That(await asking, Is.Not.Null);
    }

    [Test]
    public void AskAsync_NoReplyWithinTheBound_TimesOut()
    {
        var relay = new NodeLogRelay();
        relay.Attach("node-1");

        Assert.ThrowsAsync<TimeoutException>(() => relay.AskAsync("node-1", new LogRequest(), TimeSpan.FromMilliseconds(50), CancellationToken.None));
    }
}
