public class Guard
{
    // editscope: protect
    public virtual bool Verify(string token)
    {
        return token.StartsWith("ok");
    }

    public int Other()
    {
        return 1;
    }
}
