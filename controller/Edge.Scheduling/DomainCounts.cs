namespace Edge.Scheduling;

/// <summary>
/// For one topology key of one workload: each node's domain, how many replicas of the counted
/// workloads each domain holds, how many nodes the workload could use in each (eligible), and
/// the least count over eligible domains, kept up to date in O(1) per added replica.
/// </summary>
internal sealed class DomainCounts
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<int> _counts = [];
    private readonly List<int> _eligible = [];
    private int _atMin;
    private int _rawMin;

    public DomainCounts(string key, int maxSkew, bool hard, bool isSpread, HashSet<int> counted, int slots, int minDomains = 1, string? refusal = null)
    {
        Refusal = refusal ?? (isSpread ? PlacementRules.SpreadReason(key) : PlacementRules.AntiAffinityReason(key));
        Key = key;
        MaxSkew = maxSkew;
        MinDomains = minDomains;
        Hard = hard;
        IsSpread = isSpread;
        Counted = counted;
        NodeDomain = new int[slots];
        Array.Fill(NodeDomain, -1);
    }

    public string Key { get; }

    public int MaxSkew { get; }

    /// <summary>The filter reason a node this key refuses is counted under.</summary>
    public string Refusal { get; }

    /// <summary>Below this many eligible domains the least count is taken as 0 (minDomains).</summary>
    public int MinDomains { get; }

    /// <summary>Domains with at least one eligible node.</summary>
    public int EligibleDomains { get; private set; }

    /// <summary>DoNotSchedule spread or anti-affinity: a filter rather than a score.</summary>
    public bool Hard { get; }

    public bool IsSpread { get; }

    /// <summary>Workload ids whose replicas this key counts.</summary>
    public HashSet<int> Counted { get; }

    public int[] NodeDomain { get; }

    public int DomainCount => _counts.Count;

    /// <summary>The least count over eligible domains; 0 while fewer than <see cref="MinDomains"/> are eligible.</summary>
    public int Min => EligibleDomains < MinDomains ? 0 : _rawMin;

    public int CountAt(int domain) => _counts[domain];

    /// <summary>Counted replicas over every domain (nodes without the key are in none).</summary>
    public long Total { get; private set; }

    /// <summary>Domain of a node value; ScheduleAnyway spread puts nodes lacking the key in the domain "".</summary>
    public int Domain(string value)
    {
        if (!_ids.TryGetValue(value, out var id))
        {
            id = _counts.Count;
            _ids[value] = id;
            _counts.Add(0);
            _eligible.Add(0);
        }

        return id;
    }

    public void AddEligible(int domain) => _eligible[domain]++;

    public void AddInitial(int domain)
    {
        _counts[domain]++;
        Total++;
    }

    /// <summary>One replica fewer in <paramref name="domain"/>; for workload affinity, which keeps no minimum.</summary>
    public void Decrement(int domain)
    {
        _counts[domain]--;
        Total--;
    }

    public void ResetCounts()
    {
        Total = 0;
        for (var d = 0; d < _counts.Count; d++)
        {
            _counts[d] = 0;
        }
    }

    /// <summary>One more replica in <paramref name="domain"/>; true when the least count rose.</summary>
    public bool Increment(int domain)
    {
        var before = _counts[domain]++;
        Total++;
        if (_eligible[domain] > 0 && before == _rawMin && --_atMin == 0)
        {
            var min = Min;
            RecomputeMin();
            return Min != min;
        }

        return false;
    }

    public void RecomputeMin()
    {
        var min = int.MaxValue;
        var at = 0;
        var domains = 0;
        for (var d = 0; d < _counts.Count; d++)
        {
            if (_eligible[d] == 0)
            {
                continue;
            }

            domains++;
            if (_counts[d] < min)
            {
                min = _counts[d];
                at = 1;
            }
            else if (_counts[d] == min)
            {
                at++;
            }
        }

        _rawMin = at == 0 ? 0 : min;
        _atMin = at;
        EligibleDomains = domains;
    }

    /// <summary>Hard spread: would one more replica in the domain keep skew within maxSkew?</summary>
    public bool SkewAllows(int domain) => _counts[domain] + 1 - Min <= MaxSkew;
}
