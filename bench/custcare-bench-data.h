/* custcare-bench-data.h — the vocabulary of the synthetic shop, shared by the generator and the
 * search benchmark so the benchmark types what a receptionist would find in this shop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_GNUC_UNUSED static const char *bench_given_names[] = {
  "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
  "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
  "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
  "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
  "Kenneth", "Dorothy", "Kevin", "Carol", "Brian", "Amanda", "George", "Melissa", "Timothy", "Deborah",
  "Ronald", "Stephanie", "Edward", "Rebecca", "Jason", "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia",
  "Jacob", "Kathleen", "Gary", "Amy", "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Anna",
  "Stephen", "Brenda", "Larry", "Pamela", "Justin", "Emma", "Scott", "Nicole", "Brandon", "Helen",
  "Benjamin", "Samantha", "Samuel", "Katherine", "Gregory", "Christine", "Alexander", "Debra", "Frank", "Rachel",
  "Patrick", "Carolyn", "Raymond", "Janet", "Jack", "Catherine", "Dennis", "Maria", "Jerry", "Heather",
  "José", "Zoë", "Émile", "Chloé", "Søren", "Björn", "Łukasz", "Ana", "Noémie", "François",
  "Mohammed", "Fatima", "Aisha", "Omar", "Wei", "Mei", "Hiroshi", "Yuki", "Priya", "Arjun",
  "Olga", "Dmitri", "Ingrid", "Lars", "Giulia", "Marco", "Sofía", "Mateo", "Amélie", "Jürgen",
};

G_GNUC_UNUSED static const char *bench_family_names[] = {
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
  "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
  "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
  "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
  "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
  "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
  "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
  "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
  "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
  "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez",
  "Müller", "Schröder", "Lefèvre", "Dubois", "Åkesson", "Núñez", "Peña", "O'Brien", "Van der Berg", "Kowalczyk",
  "Novák", "Rossi", "Bianchi", "Nakamura", "Tanaka", "Chen", "Wang", "Singh", "Kumar", "Ivanova",
  "Lovelace", "Hopper", "Turing", "Curie", "Noether", "Ramanujan", "Fibonacci", "Babbage", "Lamarr", "Franklin",
};

G_GNUC_UNUSED static const char *bench_companies[] = {
  "Corner Bakery", "Acme Hardware", "Bluebird Florist", "Harbour Café", "Northwind Traders", "Riverside Garage",
  "Maple Dental", "Sunrise Yoga", "Oak & Iron Joinery", "Pixel Print Shop", "Green Thumb Nursery", "Little Paws Vet",
  "Golden Crust Pizza", "Silver Needle Tailors", "Brightside Books", "Velvet Salon", "Summit Outdoor", "Copper Kettle",
};

G_GNUC_UNUSED static const char *bench_email_domains[] = {
  "gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "example.org", "mail.example.com",
  "web.de", "orange.fr", "libero.it",
};

G_GNUC_UNUSED static const char *bench_tags[] = {
  "VIP", "wholesale", "newsletter", "local", "trade", "regular", "gift-cards", "allergy", "delivery", "student",
};

G_GNUC_UNUSED static const char *bench_note_words[] = {
  "prefers", "calls", "morning", "afternoon", "allergic", "gluten", "collects", "orders", "birthday", "cake",
  "invoice", "monthly", "discount", "friend", "referred", "by", "parking", "delivery", "weekends", "only",
};

/* The same kind of number written the ways people write it. */
static inline char *
bench_format_phone (guint style,
                    guint area,
                    guint exchange,
                    guint line)
{
  switch (style % 5)
    {
    case 0: return g_strdup_printf ("+1 (%03u) %03u-%04u", area, exchange, line);
    case 1: return g_strdup_printf ("%03u-%03u-%04u", area, exchange, line);
    case 2: return g_strdup_printf ("(%03u) %03u %04u", area, exchange, line);
    case 3: return g_strdup_printf ("%03u%03u%04u", area, exchange, line);
    default: return g_strdup_printf ("+1 %03u %03u %04u", area, exchange, line);
    }
}

/* A small deterministic generator (xorshift64*), so every run builds the same shop. */
typedef struct { guint64 state; } BenchRand;

static inline guint64
bench_rand_next (BenchRand *r)
{
  r->state ^= r->state >> 12;
  r->state ^= r->state << 25;
  r->state ^= r->state >> 27;
  return r->state * 2685821657736338717ULL;
}

static inline guint
bench_rand_below (BenchRand *r,
                  guint      n)
{
  return (guint) (bench_rand_next (r) % n);
}

#define BENCH_PICK(r, array) (array[bench_rand_below ((r), G_N_ELEMENTS (array))])
