namespace App
{
    public class Config
    {
        /// <summary>Adds a policy.</summary>
        // ReSharper disable once MemberCanBePrivate.Global
        public Config With(int policy)
        {
            return this;
        }
    }
}
