enum State
{
    Open,
    Closed,
    Gone,
}
