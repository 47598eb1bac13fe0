namespace Edge.Controller.Identity;

/// <summary>Revokes a node's certificates: its live stream ends and it cannot reconnect (used when a node is deleted).</summary>
internal interface INodeRevocation
{
    /// <summary>Revokes every certificate of the node; returns how many were still valid.</summary>
    int Revoke(string nodeName);
}
