enum State
{
    Open = 10,
    Closed,
}
