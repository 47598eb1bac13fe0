namespace Edge.Scheduling;

/// <summary>Whether topology spread honors a node filter when it counts a node's domain (Kubernetes' NodeInclusionPolicy).</summary>
public enum NodeInclusionPolicy
{
    Honor,
    Ignore,
}
