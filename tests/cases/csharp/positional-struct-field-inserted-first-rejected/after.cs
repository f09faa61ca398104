struct Point
{
    public int Z;
    public int X;
    public int Y;
}
