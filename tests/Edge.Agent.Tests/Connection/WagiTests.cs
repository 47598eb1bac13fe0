using System.Text;
using Edge.Agent.Triggers;

namespace Edge.Agent.Tests.Connection;

public sealed class WagiTests
{
    [Test]
    public void RequestEnv_Request_MapsCgiVariablesAndHeadersButNotCredentials()
    {
        var env = Wagi.RequestEnv("POST", "echo", "/a/b", "x=1", [new("Content-Type", "text/plain"), new("X-Trace-Id", "t1"), new("Authorization", "secret")], 5, "127.0.0.1", "edge", 8080);

        Assert.Multiple(() =>
        {
            Assert.That(env["REQUEST_METHOD"], Is.EqualTo("POST"));
            Assert.That(env["SCRIPT_NAME"], Is.EqualTo("/w/echo"));
            Assert.That(env["PATH_INFO"], Is.EqualTo("/a/b"));
            Assert.That(env["QUERY_STRING"], Is.EqualTo("x=1"));
            Assert.That(env["X_FULL_URL"], Is.EqualTo("/w/echo/a/b?x=1"));
            Assert.That(env["CONTENT_LENGTH"], Is.EqualTo("5"));
            Assert.That(env["CONTENT_TYPE"], Is.EqualTo("text/plain"));
            Assert.That(env["HTTP_X_TRACE_ID"], Is.EqualTo("t1"));
            Assert.That(env["EDGE_TRIGGER"], Is.EqualTo("http"));
            Assert.That(env.Keys, Has.None.Contains("AUTHORIZATION"));
        });
    }

    [Test]
    public void ParseResponse_HeaderBlockWithStatus_GivesStatusHeadersAndBody()
    {
        var response = Wagi.ParseResponse(Encoding.UTF8.GetBytes("Status: 201 Created\r\nContent-Type: application/json\r\nX-A: 1\r\n\r\n{}"));

        Assert.That(response.Status, Is.EqualTo(201));
        Assert.That(response.Headers, Is.EqualTo(new KeyValuePair<string, string>[] { new("Content-Type", "application/json"), new("X-A", "1") }));
        Assert.That(Encoding.UTF8.GetString(response.Body.Span), Is.EqualTo("{}"));
    }

    [TestCase("hello from edge\n")]
    [TestCase("no newline")]
    [TestCase("\nstarts blank")]
    [TestCase("Status: abc\n\nbody")]
    [TestCase("a line: with colon but spaces in name?\n\n")]
    public void ParseResponse_NoHeaderBlock_WholeOutputIsAPlainTextBody(string output)
    {
        var response = Wagi.ParseResponse(Encoding.UTF8.GetBytes(output));

        Assert.That(response.Status, Is.EqualTo(200));
        Assert.That(response.Headers.Single().Value, Is.EqualTo("text/plain; charset=utf-8"));
        Assert.That(Encoding.UTF8.GetString(response.Body.Span), Is.EqualTo(output));
    }
}
