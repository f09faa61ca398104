namespace Shop.Auth
{
    public class Guard
    {
        public virtual bool Verify(string token)
        {
            return token.StartsWith("ok");
        }

        public int Other()
        {
            return 1;
        }
    }

    public class Admin : Guard
    {
        public int Level() => 9;
    }
}
