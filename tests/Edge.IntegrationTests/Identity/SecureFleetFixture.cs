namespace Edge.IntegrationTests.Identity;

/// <summary>One mtls controller shared by a fixture's tests (each test uses its own node names).</summary>
[NonParallelizable]
public abstract class SecureFleetFixture
{
    private SecureFleet? _fleet;

    internal SecureFleet Fleet => _fleet ?? throw new InvalidOperationException("the fixture's controller is not started");

    [OneTimeSetUp]
    public async Task StartControllerAsync()
    {
        _fleet = new SecureFleet();
        await _fleet.StartControllerAsync();
    }

    [OneTimeTearDown]
    public void StopController() => _fleet?.Dispose();
}
