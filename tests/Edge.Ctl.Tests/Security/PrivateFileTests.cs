using Edge.Shared;

namespace Edge.Ctl.Tests.Security;

/// <summary>Owner-only files (0600) and directories (0700), also over existing wider ones; shared directories left alone.</summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFileTests
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0644 = Mode0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode0700 = Mode0600 | UnixFileMode.UserExecute;
    private const UnixFileMode Mode0755 = Mode0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private string _dir = "";

    [SetUp]
    public void MakeDir()
    {
        _dir = Path.Combine(Path.GetTempPath(), "edge-pf-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveDir() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Write_OverAnExistingWideFile_Narrows_AndMakesItsDirectory0700()
    {
        var file = Path.Combine(_dir, "sub", "token");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "old");
        File.SetUnixFileMode(file, Mode0644);
        File.SetUnixFileMode(Path.GetDirectoryName(file)!, Mode0755);

        PrivateFile.Write(file, "new");

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(file), Is.EqualTo("new"));
            Assert.That(File.GetUnixFileMode(file), Is.EqualTo(Mode0600));
            Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(file)!), Is.EqualTo(Mode0700));
        });
    }

    [Test]
    public void Prepare_MissingFile_CreatedEmpty0600_ExistingWide_Narrowed_ContentKept()
    {
        var fresh = Path.Combine(_dir, "new.db");
        var old = Path.Combine(_dir, "old.db");
        File.WriteAllText(old, "kept");
        File.SetUnixFileMode(old, Mode0644);

        PrivateFile.Prepare(fresh);
        PrivateFile.Prepare(old);

        Assert.Multiple(() =>
        {
            Assert.That(new FileInfo(fresh).Length, Is.Zero);
            Assert.That(File.GetUnixFileMode(fresh), Is.EqualTo(Mode0600));
            Assert.That(File.GetUnixFileMode(old), Is.EqualTo(Mode0600));
            Assert.That(File.ReadAllText(old), Is.EqualTo("kept"));
        });
    }

    [Test]
    public void CreateDirectory_New0700_ExistingNarrowed_SharedStickyLeftAlone()
    {
        var fresh = Path.Combine(_dir, "a", "b");
        var wide = Path.Combine(_dir, "wide");
        var shared = Path.Combine(_dir, "shared");
        Directory.CreateDirectory(wide);
        File.SetUnixFileMode(wide, Mode0755);
        Directory.CreateDirectory(shared);
        var sticky = Mode0755 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit;
        File.SetUnixFileMode(shared, sticky);

        PrivateFile.CreateDirectory(fresh);
        PrivateFile.CreateDirectory(wide);
        PrivateFile.CreateDirectory(shared);

        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(fresh), Is.EqualTo(Mode0700));
            Assert.That(File.GetUnixFileMode(wide), Is.EqualTo(Mode0700));
            Assert.That(File.GetUnixFileMode(shared), Is.EqualTo(sticky), "a /tmp-like directory is never narrowed");
        });
    }
}
