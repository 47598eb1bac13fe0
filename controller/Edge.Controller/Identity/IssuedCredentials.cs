namespace Edge.Controller.Identity;

/// <summary>What a node receives on enrollment or renewal.</summary>
internal sealed record IssuedCredentials(
    string NodeName,
    string CertificatePem,
    string CaPem,
    DateTimeOffset NotAfter,
    IReadOnlyDictionary<string, string> Labels,
    string MqttPassword);
