namespace App
{
    public class Config
    {
        /// <summary>Adds a policy, applied in order.</summary>
        // ReSharper disable once MemberCanBePrivate.Global
        public Config With(int policy)
        {
            return this;
        }
    }
}
