public class Guard
{
    /// <summary>Accepts tokens that start with "ok".</summary>
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
