using System.CommandLine;

namespace Edge.Agent.Enrollment;

/// <summary>The ways of `enroll` that give the node an identity.</summary>
internal sealed class EnrollmentOptions
{
    public Option<string> Token { get; } = new("--token") { Description = "bootstrap token from edgectl token create (K10<CA hash>::<id>.<secret>)" };

    public Option<string> CsrOut { get; } = new("--csr-out") { Description = "air-gapped: make the node key and write a CSR to this file" };

    public Option<string> Cert { get; } = new("--cert") { Description = "air-gapped: install the certificate file edgectl csr sign wrote" };

    public Option<string> Bundle { get; } = new("--bundle") { Description = "offline: enroll from a bundle edgectl bundle create wrote (no network needed)" };

    public (string? Token, string? CsrOut, string? Cert, string? Bundle) Read(ParseResult result) =>
        (result.GetValue(Token), result.GetValue(CsrOut), result.GetValue(Cert), result.GetValue(Bundle));
}
