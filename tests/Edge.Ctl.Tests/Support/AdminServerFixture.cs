namespace Edge.Ctl.Tests.Support;

/// <summary>One fake admin server for a whole test class, reset before each test.</summary>
public abstract class AdminServerFixture
{
    private AdminServer? _server;

    private protected AdminServer Server => _server ?? throw new InvalidOperationException("the admin server is not started");

    private protected FakeAdminService Fake => Server.Service;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await AdminServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [SetUp]
    public void ResetServer() => Fake.Reset();
}
