namespace Edge.Agent.Connection;

/// <summary>What the agent knows of its links, for the local status API and telemetry.</summary>
internal sealed class AgentStatusBoard
{
    private readonly Lock _gate = new();
    private string _controllerError = "not connected yet";
    private string _advertisedMqtt = "";
    private bool _controllerConnected;
    private bool _mqttConnected;
    private DateTimeOffset? _lastContact;

    public void ControllerUp(DateTimeOffset at, string advertisedMqtt)
    {
        lock (_gate)
        {
            _controllerConnected = true;
            _controllerError = "";
            _lastContact = at;
            if (advertisedMqtt.Length > 0)
            {
                _advertisedMqtt = advertisedMqtt;
            }
        }
    }

    public void ControllerContact(DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastContact = at;
        }
    }

    public void ControllerDown(string error)
    {
        lock (_gate)
        {
            _controllerConnected = false;
            _controllerError = error;
        }
    }

    public void MqttState(bool connected)
    {
        lock (_gate)
        {
            _mqttConnected = connected;
        }
    }

    public string AdvertisedMqtt
    {
        get
        {
            lock (_gate)
            {
                return _advertisedMqtt;
            }
        }
    }

    public (bool Connected, string Error, DateTimeOffset? LastContact, bool MqttConnected) Read()
    {
        lock (_gate)
        {
            return (_controllerConnected, _controllerError, _lastContact, _mqttConnected);
        }
    }
}
