using Edge.Agent.Core;

namespace Edge.Agent.Core.Tests;

public sealed class DesiredStateValidatorTests
{
    [Test]
    public void Validate_GoodState_HasNoErrors()
    {
        var state = Specs.State(Specs.Workload("sensor-reader"), Specs.Workload("a"), Specs.Workload("x1", 'b'));

        Assert.That(DesiredStateValidator.Validate(state), Is.Empty);
    }

    [Test]
    public void Validate_EmptyWorkloadList_HasNoErrors() =>
        Assert.That(DesiredStateValidator.Validate(Specs.State()), Is.Empty);

    [TestCase("Sensor")]
    [TestCase("-sensor")]
    [TestCase("sensor-")]
    [TestCase("sensor_reader")]
    [TestCase("sensor.reader.x")]
    [TestCase("sensor.")]
    [TestCase(".acme")]
    [TestCase("")]
    [TestCase("sensör")]
    public void Validate_NameNotADnsLabel_NamesTheWorkloadAndRule(string name)
    {
        var errors = DesiredStateValidator.Validate(Specs.State(Specs.Workload("ok"), Specs.Workload(name)));

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"workloads[1].name '{name}' is not a DNS label"));
    }

    [Test]
    public void Validate_SameNameInThreeTenants_Accepted() =>
        Assert.That(DesiredStateValidator.Validate(Specs.State(Specs.Workload("web"), Specs.Workload("web.acme"), Specs.Workload("web.globex"))), Is.Empty);

    [Test]
    public void Validate_NameOf64Characters_IsRefused()
    {
        var errors = DesiredStateValidator.Validate(Specs.State(Specs.Workload(new string('a', 64))));

        Assert.That(errors, Has.Count.EqualTo(1).And.Some.Contains("is not a DNS label"));
    }

    [Test]
    public void Validate_NameOf63Characters_IsAccepted() =>
        Assert.That(DesiredStateValidator.Validate(Specs.State(Specs.Workload(new string('a', 63)))), Is.Empty);

    [Test]
    public void Validate_DuplicateName_NamesTheSecondOccurrence()
    {
        var errors = DesiredStateValidator.Validate(
            Specs.State(Specs.Workload("web"), Specs.Workload("api"), Specs.Workload("web", 'b')));

        Assert.That(errors, Is.EqualTo(new List<string> { "workloads[2].name 'web' appears more than once" }));
    }

    [TestCase("sha256:abc")]
    [TestCase("md5:0123456789abcdef0123456789abcdef")]
    public void Validate_BadDigest_NamesWorkloadAndDigest(string digest)
    {
        var state = Specs.State(Specs.Workload("web") with { ModuleDigest = digest });

        var errors = DesiredStateValidator.Validate(state);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith($"workloads[0] (web): module digest '{digest}' is not 'sha256:'"));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Validate_NonPositiveVersion_IsRefused(long version)
    {
        var state = Specs.State(Specs.Workload("web")) with { Version = version };

        Assert.That(DesiredStateValidator.Validate(state), Is.EqualTo(new[] { $"version must be positive, got {version}" }));
    }

    [Test]
    public void Validate_NegativeModuleSize_IsRefused()
    {
        var state = Specs.State(Specs.Workload("web") with { ModuleSizeBytes = -5 });

        Assert.That(DesiredStateValidator.Validate(state), Is.EqualTo(new List<string> { "workloads[0] (web): module size -5 is negative" }));
    }

    [Test]
    public void Validate_TooManyWorkloads_IsRefused()
    {
        var workloads = Enumerable.Range(0, DesiredStateValidator.MaxWorkloads + 1).Select(i => Specs.Workload($"w{i}")).ToArray();

        var errors = DesiredStateValidator.Validate(Specs.State(workloads));

        Assert.That(errors, Is.EqualTo(new[] { $"{DesiredStateValidator.MaxWorkloads + 1} workloads exceed the limit of {DesiredStateValidator.MaxWorkloads}" }));
    }

    [Test]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var state = new DesiredState
        {
            Version = 0,
            Workloads = [Specs.Workload("Bad"), Specs.Workload("ok") with { ModuleDigest = "nope" }],
        };

        Assert.That(DesiredStateValidator.Validate(state), Has.Count.EqualTo(3));
    }

    [Test]
    public void IsValidName_TrailingNewline_False() => Assert.That(DesiredStateValidator.IsValidName("web\n"), Is.False);
}
