using System;
using System.Collections.Generic;

namespace App.Billing
{
    /// <summary>Invoices for one customer.</summary>
    public partial class InvoiceService
    {
        /// <summary>Largest invoice.</summary>
        public const int MaxAmount = 10_000;

        private readonly List<int> amounts = new();
        private int created = 0, voided;

        /// <summary>Raised after an invoice is added.</summary>
        public event EventHandler Added;

        /// <summary>The number of invoices.</summary>
        public int Count
        {
            get { return amounts.Count; }
        }

        /// <summary>A service with no invoices.</summary>
        public InvoiceService()
        {
            amounts.Clear();
        }

        /// <summary>Adds an invoice.</summary>
        [Obsolete("use TryAdd")]
        public bool Add(int amount)
        {
            if (amount > MaxAmount)
            {
                return false;
            }
            amounts.Add(amount);
            created++;
            return true;
        }

        /// <summary>Adds several.</summary>
        public bool Add(IEnumerable<int> more)
        {
            amounts.AddRange(more);
            return true;
        }

        /// <summary>The total.</summary>
        public int Total()
        {
            int sum = 0;
            foreach (var a in amounts)
            {
                sum += Round(a);
            }
            return sum;
        }

        /// <summary>A state.</summary>
        public enum State
        {
            Open,
            Paid,
        }

        /// <summary>A line of an invoice.</summary>
        public record Line(string Item, int Amount);

        /// <summary>A money amount.</summary>
        public struct Money
        {
            public int Cents;

            public override string ToString() => $"{Cents / 100}.{Cents % 100:D2}";
        }

        public delegate void Sink(int amount);

        private static int Round(int x)
        {
            return x / 10 * 10;
        }
    }

    public static class Extensions
    {
        public static string Describe(this InvoiceService s) => s.Total().ToString();
    }
}
