public class Guard
{
    // editscope: protect
    /// <summary>
    /// Accepts tokens that start with "ok".
    /// </summary>
    [Obsolete]
    public virtual bool Verify(string token)
    {
        return token.StartsWith("ok");
    }

    public int Other()
    {
        return 1;
    }
}
