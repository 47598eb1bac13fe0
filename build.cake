// Edge build: dotnet tool restore && dotnet cake --target=<Target>
//   Build    compile the solution (0 warnings: warnings are errors)
//   Test     build, then run every test project; prints "N passed, N failed, N skipped"
//   Bench    run a benchmark suite: --suite=NAME [--json=FILE]
//   Publish  edge-agent as Native AOT, edge-controller and edgectl self-contained, for linux-x64 and linux-arm64
//            (AOT links with clang-14/lld-14; arm64 from x64 also needs libc6-dev-arm64-cross
//            libgcc-12-dev-arm64-cross libstdc++-12-dev-arm64-cross and llvm-14)
//   Package  .deb packages and offline tarballs per architecture (installers/package.sh)
using System.Xml.Linq;

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var suite = Argument("suite", "");
var json = Argument("json", "");
var artifacts = MakeAbsolute(Directory("./artifacts"));
var solution = "./Edge.sln";
var runtimes = new[] { "linux-x64", "linux-arm64" };
var programs = new Dictionary<string, string>
{
    ["edge-agent"] = "./agent/Edge.Agent/Edge.Agent.csproj",
    ["edge-controller"] = "./controller/Edge.Controller/Edge.Controller.csproj",
    ["edgectl"] = "./controller/Edge.Ctl/Edge.Ctl.csproj",
};

Task("Clean").Does(() =>
{
    CleanDirectory(artifacts);
});

// C samples for wasm32-wasi, with Debian's clang-14, lld-14 and wasi-libc when they are installed
// (apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32); skipped, with a note, otherwise.
Task("Samples").Does(() =>
{
    var clang = Context.Tools.Resolve("clang-14");
    if (clang is null)
    {
        Information("C samples not built: clang-14 is not installed");
        return;
    }

    foreach (var source in GetFiles("./samples/**/*.c"))
    {
        var output = source.ChangeExtension(".wasm");
        var exit = StartProcess(clang, new ProcessSettings
        {
            Arguments = new ProcessArgumentBuilder()
                .Append("--target=wasm32-wasi").Append("-O2").Append("-Wall").Append("-Werror").Append("-Wl,--strip-all")
                .Append("-o").AppendQuoted(output.FullPath).AppendQuoted(source.FullPath),
        });
        if (exit != 0)
        {
            throw new Exception($"clang-14 failed on {source} (exit {exit})");
        }

        Information($"built {output}");
    }

    // Rust samples with Debian's rustc and its wasm32-wasi std (apt-get install rustc libstd-rust-dev-wasm32).
    if (!FileExists("/usr/bin/rustc") || !DirectoryExists("/usr/lib/rustlib/wasm32-wasi"))
    {
        Information("Rust samples not built: Debian's rustc with libstd-rust-dev-wasm32 is not installed");
        return;
    }

    foreach (var script in GetFiles("./samples/rust-*/build.sh"))
    {
        if (StartProcess("sh", new ProcessSettings { Arguments = new ProcessArgumentBuilder().AppendQuoted(script.FullPath) }) != 0)
        {
            throw new Exception($"{script} failed");
        }
    }
});

Task("Build").IsDependentOn("Samples").Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("ContinuousIntegrationBuild", "true"),
    });
});

Task("Test").IsDependentOn("Build").Does(() =>
{
    var results = artifacts.Combine("test-results");
    CleanDirectory(results);
    var failedProjects = new List<string>();
    foreach (var project in GetFiles("./tests/**/*.Tests.csproj").Concat(GetFiles("./tests/Edge.IntegrationTests/*.csproj")).Distinct())
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                NoRestore = true,
                Loggers = new[] { $"trx;LogFileName={name}.trx", "console;verbosity=normal" },
                ResultsDirectory = results,
                // A hang aborts the project's run and is reported by name. 15 minutes, not 5: the first
                // installer test publishes the Native AOT agent for two architectures, which takes
                // more than 5 minutes on a busy 2-core machine.
                ArgumentCustomization = args => args.Append("--blame-hang-timeout 15m"),
            });
        }
        catch (Exception ex)
        {
            Error($"{name}: {ex.Message}");
            failedProjects.Add(name);
        }
    }

    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(results.FullPath + "/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        int Count(string attribute) => int.Parse(counters.Attribute(attribute)?.Value ?? "0");
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted") + Count("inconclusive");
    }

    var summary = $"{passed} passed, {failed} failed, {skipped} skipped";
    System.IO.File.WriteAllText(results.CombineWithFilePath("summary.txt").FullPath, summary + "\n");
    Information(summary);
    if (failed > 0 || failedProjects.Count > 0)
    {
        throw new Exception($"tests failed ({summary}; projects: {string.Join(", ", failedProjects)})");
    }
});

Task("Bench").Does(() =>
{
    if (string.IsNullOrEmpty(suite))
    {
        throw new Exception("Bench needs --suite=NAME (see tests/Edge.Benchmarks)");
    }

    var args = new ProcessArgumentBuilder().Append(suite);
    if (!string.IsNullOrEmpty(json))
    {
        args.Append("--json").AppendQuoted(MakeAbsolute(File(json)).FullPath);
    }

    DotNetRun("./tests/Edge.Benchmarks/Edge.Benchmarks.csproj", args, new DotNetRunSettings { Configuration = "Release" });
});

Task("Publish").Does(() =>
{
    foreach (var rid in runtimes)
    {
        foreach (var (name, project) in programs)
        {
            var output = artifacts.Combine($"publish/{rid}/{name}");
            // The RID-specific restore keeps its lock file in obj/, so publishing leaves packages.lock.json as committed.
            var msbuild = new DotNetMSBuildSettings().WithProperty("PublishSingleFile", "false")
                .WithProperty("NuGetLockFilePath", $"obj/packages.{rid}.lock.json");
            if (name == "edge-agent" && NativeToolchainMissing(rid) is { } missing)
            {
                Warning($"edge-agent for {rid} published as a JIT build, not Native AOT: {missing}");
            }
            else if (name == "edge-agent")
            {
                // Native AOT: about half the resident memory of the JIT build on a device (docs/benchmarks/runtime.md).
                msbuild = msbuild.WithProperty("PublishAot", "true")
                    .WithProperty("CppCompilerAndLinker", "clang-14")
                    .WithProperty("LinkerFlavor", "lld")
                    .WithProperty("ObjCopyName", "llvm-objcopy-14");
            }

            CleanDirectory(output);
            DotNetPublish(project, new DotNetPublishSettings
            {
                Configuration = "Release",
                Runtime = rid,
                SelfContained = true,
                OutputDirectory = output,
                MSBuildSettings = msbuild,
            });

            // Debug symbols stay in artifacts/symbols, out of the packages.
            var symbols = artifacts.Combine($"symbols/{rid}/{name}");
            CleanDirectory(symbols);
            foreach (var file in GetFiles($"{output}/*.dbg").Concat(GetFiles($"{output}/*.pdb")))
            {
                MoveFile(file, symbols.CombineWithFilePath(file.GetFilename()));
            }
        }
    }
});

// What the Native AOT link of the agent needs and this machine lacks, or null.
string NativeToolchainMissing(string rid)
{
    var tools = new[] { "clang-14", "ld.lld-14", "llvm-objcopy-14" }.Where(t => Context.Tools.Resolve(t) is null).ToList();
    if (tools.Count > 0)
    {
        return $"{string.Join(", ", tools)} not found (apt-get install clang-14 lld-14 llvm-14)";
    }

    var crossArm64 = rid == "linux-arm64" && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.Arm64;
    return crossArm64 && !FileExists("/usr/aarch64-linux-gnu/lib/libc.so")
        ? "no arm64 C library to link against (apt-get install libc6-dev-arm64-cross libgcc-12-dev-arm64-cross libstdc++-12-dev-arm64-cross)"
        : null;
}

Task("Package").IsDependentOn("Publish").Does(() =>
{
    var version = XDocument.Load("./Directory.Build.props").Descendants("Version").First().Value;
    var exit = StartProcess("sh", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("installers/package.sh").Append(version).AppendQuoted(artifacts.FullPath),
    });
    if (exit != 0)
    {
        throw new Exception($"installers/package.sh failed ({exit})");
    }
});

RunTarget(target);
