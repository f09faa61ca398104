struct Point
{
    public int X;
    public int Y;
}
