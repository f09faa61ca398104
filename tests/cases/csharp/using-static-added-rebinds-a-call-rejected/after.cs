using static System.Math;
using static Evil.Numbers;

public class Calc
{
    public int Top(int a, int b)
    {
        return Max(a, b);
    }

    public int Twice(int a)
    {
        return Helper(a);
    }

    private int Helper(int a)
    {
        return a;
    }
}
