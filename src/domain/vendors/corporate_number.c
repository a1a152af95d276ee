/* corporate_number: the 法人番号 check digit (国税庁「法人番号の指定等に関する省令」第2条): the first
 * of the 13 digits is 9 − (Σ Pn×Qn mod 9) over the 12 that follow, Pn counted from the right. */
#include <string.h>

#include "domain/vendors/vendors.h"

bool corporate_number_valid(const char *s)
{
    if (!s || strlen(s) != 13)
        return false;
    for (int i = 0; i < 13; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    int sum = 0;
    for (int n = 1; n <= 12; n++) { /* n-th digit of the base number, from the right */
        int p = s[13 - n] - '0';
        sum += p * (n % 2 == 1 ? 1 : 2);
    }
    return s[0] - '0' == 9 - sum % 9;
}
