using Edge.Controller.Store;
using LiteDB;

namespace Edge.Controller.Tests;

public sealed class LiteDbFleetStoreDesiredTests
{
    private string _dir = null!;
    private string _path = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-controller-tests-" + Guid.NewGuid().ToString("N"));
        _path = Path.Combine(_dir, "fleet.db");
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Test]
    public void SaveDesired_Reopened_NewestPerNode()
    {
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveDesired([new DesiredRecord("n1", 1, "h1"), new DesiredRecord("n2", 4, "h4")]);
            store.SaveDesired([new DesiredRecord("n1", 2, "h2")]);
        }

        using var reopened = new LiteDbFleetStore(_path);

        Assert.That(reopened.LoadDesired().OrderBy(d => d.Node, StringComparer.Ordinal),
            Is.EqualTo(new[] { new DesiredRecord("n1", 2, "h2"), new DesiredRecord("n2", 4, "h4") }));
    }

    [Test]
    public void DeleteNode_ForgetsItsDesiredVersion()
    {
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveDesired([new DesiredRecord("n1", 1, "h1"), new DesiredRecord("n2", 4, "h4")]);
            store.DeleteNode("n1");
        }

        using var reopened = new LiteDbFleetStore(_path);

        Assert.That(reopened.LoadDesired().Select(d => d.Node), Is.EqualTo(new[] { "n2" }));
    }

    [Test]
    public void SaveDesired_TenThousandNodes_AFewHundredDocumentsNotOnePerNode()
    {
        using (var store = new LiteDbFleetStore(_path))
        {
            store.SaveDesired([.. Enumerable.Range(0, 10_000).Select(i => new DesiredRecord($"sim-{i:D5}", i, "h"))]);
        }

        using var db = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Direct });

        Assert.That(db.GetCollection("desired").Count(), Is.InRange(1, 256));
    }
}
