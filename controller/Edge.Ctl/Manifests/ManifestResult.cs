namespace Edge.Ctl.Manifests;

/// <summary>What a manifest step produced: its items when valid, else every problem found.</summary>
internal sealed record ManifestResult<T>(IReadOnlyList<T> Items, IReadOnlyList<ManifestError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public static ManifestResult<T> Success(IReadOnlyList<T> items) => new(items, []);

    public static ManifestResult<T> Failure(IReadOnlyList<ManifestError> errors) => new([], errors);

    public static ManifestResult<T> Failure(ManifestError error) => new([], [error]);
}
