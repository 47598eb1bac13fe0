namespace Edge.Ctl.Output;

internal enum OutputFormat
{
    Table,
    Json,
    Yaml,
}
