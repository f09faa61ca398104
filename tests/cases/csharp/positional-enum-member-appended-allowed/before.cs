enum State
{
    Open,
    Closed,
}
