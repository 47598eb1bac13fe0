using Edge.Ctl.Manifests;

namespace Edge.Ctl.Tests.Manifests;

[TestFixture]
public sealed class WorkloadManifestParserTests
{
    private const string File = "hello.yaml";

    private const string Minimal = """
        apiVersion: edge/v1
        kind: Workload
        metadata:
          name: hello
        spec:
          module: hello.wat
        """;

    [Test]
    public void Parse_MinimalManifest_ReturnsWorkloadWithEmptyOptionalFields()
    {
        var result = WorkloadManifestParser.Parse(Minimal, File);

        Assert.That(result.Errors, Is.Empty);
        var manifest = result.Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(manifest.Name, Is.EqualTo("hello"));
            Assert.That(manifest.Module, Is.EqualTo("hello.wat"));
            Assert.That(manifest.ModuleLocation, Is.EqualTo(new SourceLocation(6, 11)));
            Assert.That(manifest.NodeSelector, Is.Empty);
            Assert.That(manifest.Env, Is.Empty);
            Assert.That(manifest.Args, Is.Empty);
        });
    }

    [Test]
    public void Parse_FullManifest_ReadsSelectorEnvAndArgs()
    {
        const string yaml = """
            apiVersion: edge/v1
            kind: Workload
            metadata:
              name: sensor-reader-2
            spec:
              module: modules/reader.wasm
              nodeSelector:
                zone: "1"
                edge.io/tier: gateway
              env: {LOG_LEVEL: debug, _X: 'a b'}
              args: [--fast, "42", 'x: y']
            """;

        var manifest = WorkloadManifestParser.Parse(yaml, File).Items.Single();

        Assert.Multiple(() =>
        {
            Assert.That(manifest.Name, Is.EqualTo("sensor-reader-2"));
            Assert.That(manifest.Module, Is.EqualTo("modules/reader.wasm"));
            Assert.That(manifest.NodeSelector, Is.EquivalentTo(new Dictionary<string, string> { ["zone"] = "1", ["edge.io/tier"] = "gateway" }));
            Assert.That(manifest.Env, Is.EquivalentTo(new Dictionary<string, string> { ["LOG_LEVEL"] = "debug", ["_X"] = "a b" }));
            Assert.That(manifest.Args, Is.EqualTo((string[])["--fast", "42", "x: y"]));
        });
    }

    [Test]
    public void Parse_EmptyOrNullOptionalFields_TreatedAsEmpty()
    {
        var yaml = Minimal + "\n  nodeSelector: {}\n  env:\n  args: []\n";

        var result = WorkloadManifestParser.Parse(yaml, File);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Items.Single().NodeSelector, Is.Empty);
    }

    [Test]
    public void Parse_SeveralDocuments_ReturnsEachWorkloadInOrder()
    {
        var yaml = Minimal + "\n---\n" + Minimal.Replace("name: hello", "name: world", StringComparison.Ordinal) + "\n---\n";

        var result = WorkloadManifestParser.Parse(yaml, File);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Items.Select(m => m.Name), Is.EqualTo((string[])["hello", "world"]));
    }

    private static IEnumerable<TestCaseData> BadManifests()
    {
        static TestCaseData Case(string name, string yaml, string field, string problem, int line) =>
            new TestCaseData(yaml, field, problem, line).SetName("Parse_" + name + "_ErrorNamesFieldAndLine");

        yield return Case("WrongApiVersion", Minimal.Replace("edge/v1", "v1", StringComparison.Ordinal),
            "apiVersion", "must be \"edge/v1\", got \"v1\"", 1);
        yield return Case("WrongKind", Minimal.Replace("kind: Workload", "kind: Deployment", StringComparison.Ordinal),
            "kind", "must be \"Workload\", \"Tenant\", \"WorkloadAutoscaler\" or \"NodeGroup\", got \"Deployment\"", 2);
        yield return Case("MissingApiVersion", Minimal.Replace("apiVersion: edge/v1\n", string.Empty, StringComparison.Ordinal),
            "apiVersion", "required field is missing", 1);
        yield return Case("UnknownTopLevelField", Minimal + "\nstatus: {}",
            "status", "unknown field", 7);
        yield return Case("UnknownSpecField", Minimal + "\n  replica: 3",
            "spec.replica", "unknown field (did you mean \"replicas\"?); spec allows: module, nodeSelector, env, args", 7);
        yield return Case("MisspelledSpecFieldCase", Minimal.Replace("module:", "Module:", StringComparison.Ordinal),
            "spec.Module", "did you mean \"module\"?", 6);
        yield return Case("MisspelledSpecField", Minimal.Replace("module:", "modul:", StringComparison.Ordinal),
            "spec.modul", "unknown field (did you mean \"module\"?)", 6);
        yield return Case("UnknownMetadataField", Minimal.Replace("  name: hello", "  name: hello\n  namespace: prod", StringComparison.Ordinal),
            "metadata.namespace", "unknown field", 5);
        yield return Case("MissingMetadata", "apiVersion: edge/v1\nkind: Workload\nspec:\n  module: a.wat\n",
            "metadata", "required field is missing", 1);
        yield return Case("MissingName", Minimal.Replace("  name: hello", "  name:", StringComparison.Ordinal),
            "metadata.name", "required field is missing", 4);
        yield return Case("NameNotDnsLabel", Minimal.Replace("name: hello", "name: Hello_World", StringComparison.Ordinal),
            "metadata.name", "\"Hello_World\" is not a valid name", 4);
        yield return Case("NameTooLong", Minimal.Replace("name: hello", "name: " + new string('a', 64), StringComparison.Ordinal),
            "metadata.name", "RFC 1123 label", 4);
        yield return Case("NameEndsWithDash", Minimal.Replace("name: hello", "name: hello-", StringComparison.Ordinal),
            "metadata.name", "is not a valid name", 4);
        yield return Case("MissingSpec", "apiVersion: edge/v1\nkind: Workload\nmetadata:\n  name: a\n",
            "spec", "required field is missing", 1);
        yield return Case("MissingModule", Minimal.Replace("  module: hello.wat", "  env: {}", StringComparison.Ordinal),
            "spec.module", "required field is missing", 6);
        yield return Case("ModuleWrongExtension", Minimal.Replace("hello.wat", "hello.txt", StringComparison.Ordinal),
            "spec.module", "must be a .wasm (binary) or .wat (text) file", 6);
        yield return Case("ModuleIsList", Minimal.Replace("module: hello.wat", "module: [a.wat]", StringComparison.Ordinal),
            "spec.module", "must be a string, got a list", 6);
        yield return Case("NodeSelectorIsList", Minimal + "\n  nodeSelector: [zone]",
            "spec.nodeSelector", "must be a map of strings, got a list", 7);
        yield return Case("NodeSelectorValueIsMap", Minimal + "\n  nodeSelector:\n    zone: {a: b}",
            "spec.nodeSelector.zone", "must be a string, got a mapping", 8);
        yield return Case("EnvValueIsNull", Minimal + "\n  env:\n    DEBUG:",
            "spec.env.DEBUG", "must be a string, got nothing (null)", 8);
        yield return Case("EnvNameInvalid", Minimal + "\n  env:\n    1BAD: x",
            "spec.env.1BAD", "not a valid environment variable name", 8);
        yield return Case("ArgsIsString", Minimal + "\n  args: --fast",
            "spec.args", "must be a list of strings, got a string", 7);
        yield return Case("ArgsItemIsMap", Minimal + "\n  args:\n    - ok\n    - {a: b}",
            "spec.args[1]", "must be a string, got a mapping", 9);
        yield return Case("DocumentIsList", "- a\n- b\n",
            string.Empty, "a document must be a mapping of fields, got a list", 1);
        yield return Case("DuplicateNameAcrossDocuments", Minimal + "\n---\n" + Minimal,
            "metadata.name", "workload \"hello\" is already defined in this file at line 1", 8);
    }

    [TestCaseSource(nameof(BadManifests))]
    public void Parse_BadManifest_ErrorNamesFieldAndLine(string yaml, string field, string problem, int line)
    {
        var result = WorkloadManifestParser.Parse(yaml, File);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Items, Is.Empty);
        var error = result.Errors.FirstOrDefault(e => e.Field == field);
        Assert.That(error, Is.Not.Null, () => "errors were: " + string.Join("; ", result.Errors));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Problem, Does.Contain(problem));
            Assert.That(error.Location?.Line, Is.EqualTo(line));
            Assert.That(error.ToString(), Does.StartWith($"{File}:{line}:"));
        });
    }

    [TestCase("apiVersion: edge/v1\nkind: [Workload\n", "did not find expected ',' or ']'")]
    [TestCase("apiVersion: edge/v1\napiVersion: edge/v1\n", "Duplicate key")]
    [TestCase("apiVersion: \"edge/v1\n", "unexpected end of stream")]
    public void Parse_InvalidYaml_ReportsSyntaxErrorWithLocation(string yaml, string expected)
    {
        var error = WorkloadManifestParser.Parse(yaml, File).Errors.Single();

        Assert.Multiple(() =>
        {
            Assert.That(error.Problem, Does.StartWith("invalid YAML: ").And.Contain(expected));
            Assert.That(error.Location, Is.Not.Null);
            Assert.That(error.ToString(), Does.StartWith(File + ":"));
        });
    }

    [TestCase("")]
    [TestCase("# only a comment\n")]
    [TestCase("---\n")]
    public void Parse_NoDocuments_ReportsNoWorkload(string yaml)
    {
        var error = WorkloadManifestParser.Parse(yaml, File).Errors.Single();

        Assert.That(error.ToString(), Is.EqualTo("hello.yaml: no Workload, Tenant, WorkloadAutoscaler or NodeGroup found: the file has no YAML documents"));
    }

    [Test]
    public void Parse_SeveralProblems_ReportsAllOfThem()
    {
        const string yaml = """
            apiVersion: edge/v2
            kind: Workload
            metadata:
              name: Bad_Name
            spec:
              module: hello.txt
              extra: 1
            """;

        var fields = WorkloadManifestParser.Parse(yaml, File).Errors.Select(e => e.Field);

        Assert.That(fields, Is.EquivalentTo((string[])["apiVersion", "metadata.name", "spec.module", "spec.extra"]));
    }
}
