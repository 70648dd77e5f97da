/* NPS arithmetic: promoters 9–10, passives 7–8, detractors 0–6; the score is
 * % promoters − % detractors, the mean is kept apart. */
#include "programme/programme.h"

enum clario_status programme_nps_add(struct programme_nps *n, int score, struct clario_err *err)
{
	if (score < 0 || score > 10)
		return clario_err_set(err, CLARIO_EINVAL, "score: must be a whole number 0..10, got %d",
				      score);
	n->answers++;
	n->score_sum += score;
	if (score >= 9)
		n->promoters++;
	else if (score >= 7)
		n->passives++;
	else
		n->detractors++;
	return CLARIO_OK;
}

int64_t programme_nps_x100(const struct programme_nps *n)
{
	struct programme_ratio r = {n->promoters - n->detractors, n->answers};
	return programme_ratio_scaled(r, 10000);
}

int64_t programme_nps_mean_x100(const struct programme_nps *n)
{
	struct programme_ratio r = {n->score_sum, n->answers};
	return programme_ratio_scaled(r, 100);
}
