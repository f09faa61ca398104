namespace Shop.Auth
{
    public partial class Guard
    {
        public virtual bool Verify(object token)
        {
            return token.ToString().StartsWith("ok");
        }

    }

    public partial class Guard
    {
        public int Other() => 1;
    }
}
