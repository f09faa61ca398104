namespace Shop.Auth
{
    public class Guard
    {
        /// <summary>Accepts tokens that start with "ok".</summary>
        public virtual bool Verify(string token)
        {
            return token.StartsWith("ok");
        }

        public int Other()
        {
            return 1;
        }
    }
}
