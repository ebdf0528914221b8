"""The synthetic clinic of a demo site: names, screen failures, adverse event terms, and each
participant's consistent history (consent, screening, randomization, visits with plausible labs,
infusions with both signatures, adverse events, withdrawals), entered through the services."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from msc_desktop.store.services.adverse_events import mark_reported, record_adverse_event
from msc_desktop.store.services.disposition import end_study
from msc_desktop.store.services.infusion_log import Credentials, log_infusion
from msc_desktop.store.services.infusions import plan_infusion
from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.randomization import randomize
from msc_desktop.store.services.screening import save_screening, sign_eligibility
from msc_desktop.store.services.visits import save_visit
from msc_desktop.store.site import SiteStore

DEMO_NURSE = "demo.nurse"
DEMO_INVESTIGATOR = "demo.investigator"

_SURNAMES = (
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Zhao",
    "Huang",
    "Zhou",
    "Wu",
    "Xu",
    "Sun",
)
_GIVEN = ("Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hui", "Qiang", "Ping", "Xin", "Tao")
_FAILURES = (
    ("etiology_hiv", "Y"),
    ("ex_malignancy", "Y"),
    ("ex_organ_disease", "Y"),
    ("hbsag", "NEGATIVE"),
    ("ex_substance_abuse", "Y"),
    ("ex_bacterial_infection", "Y"),
)
_AE_TERMS = (
    "Fever",
    "Headache",
    "Nausea",
    "Fatigue",
    "Rash",
    "Abdominal pain",
    "Diarrhoea",
    "Dizziness",
)
_SAE_TERMS = (
    "Variceal bleeding",
    "Hepatic encephalopathy",
    "Spontaneous bacterial peritonitis",
    "Pneumonia",
)


def _iso(day: date) -> str:
    return day.isoformat()


class DemoClinic:
    """One simulated participant's course, entered as a nurse and an investigator would."""

    def __init__(
        self,
        nurse: SiteStore,
        investigator: SiteStore,
        rng: random.Random,
        today: date,
        passwords: dict[str, str],
    ):
        self.nurse = nurse
        self.investigator = investigator
        self.rng = rng
        self.today = today
        self.passwords = passwords
        self.counts = {
            "failures": 0,
            "MSC": 0,
            "CONTROL": 0,
            "infusions": 0,
            "visits": 0,
            "aes": 0,
            "saes": 0,
            "withdrawn": 0,
        }

    def labs(self, severity: float, improvement: float) -> dict[str, object]:
        """Lab values for a cirrhotic participant; `severity` 0..1, `improvement` 0..1."""
        rng = self.rng
        factor = max(0.2, severity - improvement)
        bili = Decimal(str(round(1.2 + 6 * factor + rng.uniform(-0.3, 0.3), 1)))
        albumin = Decimal(str(round(3.6 - 1.3 * factor + rng.uniform(-0.1, 0.1), 1)))
        inr = Decimal(str(round(1.1 + 1.3 * factor + rng.uniform(-0.05, 0.05), 2)))
        creat = Decimal(str(round(0.8 + 0.8 * factor + rng.uniform(-0.1, 0.1), 2)))
        use_si = rng.random() < 0.5
        return {
            "bilirubin": {
                "value": str((bili * Decimal("17.1")).quantize(Decimal("0.1"))),
                "unit": "umol/L",
            }
            if use_si
            else {"value": str(bili), "unit": "mg/dL"},
            "albumin": {"value": str(albumin * 10), "unit": "g/L"}
            if use_si
            else {"value": str(albumin), "unit": "g/dL"},
            "inr": str(inr),
            "creatinine": {
                "value": str((creat * Decimal("88.4")).quantize(Decimal("0.1"))),
                "unit": "umol/L",
            }
            if use_si
            else {"value": str(creat), "unit": "mg/dL"},
            "sodium": str(rng.randint(128, 140)),
            "ascites": "moderate" if factor > 0.75 else "slight" if factor > 0.35 else "absent",
            "encephalopathy_grade": "2" if factor > 0.8 else "1" if factor > 0.55 else "0",
            "dialysis": "N",
            "variceal_bleeding": "Y" if rng.random() < 0.3 else "N",
        }

    @staticmethod
    def hbv_evidence(screening_day: date) -> dict[str, object]:
        """HBsAg, HBV DNA and the basis of the cirrhosis diagnosis, varied by day (their own random
        sequence, so the rest of the demo data stays as it was)."""
        rng = random.Random(screening_day.toordinal())
        method = rng.choice(("ELASTOGRAPHY", "ELASTOGRAPHY", "IMAGING", "BIOPSY", "CLINICAL"))
        dna = rng.choice(("QUANTIFIED", "NOT_DETECTED", "NOT_DONE"))
        values: dict[str, object] = {
            "hbsag": "POSITIVE",
            "hbsag_date": _iso(screening_day),
            "hbv_dna_status": dna,
            "cirrhosis_method": method,
            "cirrhosis_date": _iso(screening_day - timedelta(days=rng.randint(0, 90))),
        }
        if dna != "NOT_DONE":
            values["hbv_dna_date"] = _iso(screening_day)
        if dna == "QUANTIFIED":
            values["hbv_dna"] = str(rng.choice((350, 2400, 18000, 260000, 4100000)))
        if method == "ELASTOGRAPHY":
            values["liver_stiffness"] = str(Decimal(rng.randint(152, 480)) / 10)
        return values

    def enrol(self, number: int) -> None:
        rng = self.rng
        # Clinical times are never later than the clock: nothing is dated today (consent at 16:00
        # today would be in the future in the morning).
        start = self.today - timedelta(days=rng.randint(1, 420))
        sex = rng.choice("FM")
        dob = date(start.year - rng.randint(19, 64), rng.randint(1, 12), rng.randint(1, 28))
        name = f"{rng.choice(_SURNAMES)} {rng.choice(_GIVEN)}"
        ref = register_participant(
            self.nurse,
            {
                "screening_number": f"S{number:05d}",
                "initials": "".join(w[0] for w in name.split()),
                "full_name": name,
                "phone": f"13{rng.randint(100000000, 999999999)}",
                "sex": sex,
                "date_of_birth": _iso(dob),
                "registration_date": _iso(start),
            },
            today=self.today,
        )
        record_consent(
            self.nurse,
            ref.id,
            {
                "consent_date": _iso(start),
                "consent_time": f"{rng.randint(8, 16):02d}:{rng.choice(('00', '15', '30', '45'))}",
                "consent_version": "2.1",
                "written_consent": "Y",
                "copy_given": "Y",
                "obtained_by": self.nurse.user.full_name,
            },
            today=self.today,
        )
        screening_day = min(start + timedelta(days=1), self.today)
        severity = rng.uniform(0.2, 0.85)
        values: dict[str, object] = {
            "screening_date": _iso(screening_day),
            "lab_date": _iso(screening_day),
            "weight": str(round(rng.uniform(45, 90), 1)),
            "height": str(rng.randint(150, 185)),
            **self.labs(severity, 0.0),
            "ascites": "slight" if severity < 0.75 else "moderate",
            **self.hbv_evidence(screening_day),
            "etiology_hcv": "N",
            "etiology_hdv": "N",
            "etiology_hev": "N",
            "etiology_hiv": "N",
            **{
                f.name: "N"
                for f in self.nurse.protocol.form("screening").fields
                if f.name.startswith("ex_")
            },
        }
        if rng.random() < 0.2:
            field, answer = rng.choice(_FAILURES)
            values[field] = answer
            save_screening(self.nurse, ref.id, values, today=self.today, confirm_warnings=True)
            self.counts["failures"] += 1
            return
        state = save_screening(self.nurse, ref.id, values, today=self.today, confirm_warnings=True)
        if state.eligibility.verdict != "eligible":
            self.counts["failures"] += 1
            return
        sign_eligibility(self.investigator, ref.id, self.passwords[DEMO_INVESTIGATOR])
        day0 = min(screening_day + timedelta(days=1), self.today)
        arm = randomize(self.investigator, ref.id, today=day0)
        self.counts[arm] += 1
        self.follow(ref.id, arm, day0, severity, Decimal(str(values["weight"])))

    def follow(self, pid: str, arm: str, day0: date, severity: float, weight: Decimal) -> None:
        rng = self.rng
        protocol = self.nurse.protocol
        withdraw_after = rng.choice((None, None, None, None, None, None, "W12", "W24"))
        for visit in protocol.scheduled_visits:
            assert visit.day is not None
            visit_day = day0 + timedelta(
                days=visit.day + rng.randint(0, 2 if visit.is_infusion else 5)
            )
            if visit_day >= self.today:
                return
            improvement = min(0.4, visit.day / 600) if arm == "MSC" else min(0.15, visit.day / 1500)
            weight = (weight + Decimal(str(round(rng.uniform(-0.8, 0.8), 1)))).quantize(
                Decimal("0.1")
            )
            if visit.is_infusion and arm == "MSC":
                self.infuse(pid, visit.code, visit_day, weight)
            save_visit(
                self.nurse,
                pid,
                {
                    "visit_code": visit.code,
                    "visit_date": _iso(visit_day),
                    "lab_date": _iso(visit_day),
                    "weight": str(weight),
                    "systolic_bp": str(rng.randint(100, 135)),
                    "diastolic_bp": str(rng.randint(60, 85)),
                    "heart_rate": str(rng.randint(60, 95)),
                    "temperature": str(round(rng.uniform(36.2, 37.2), 1)),
                    **self.labs(severity, improvement),
                },
                today=self.today,
                confirm_warnings=True,
            )
            self.counts["visits"] += 1
            if rng.random() < 0.25:
                self.adverse_event(pid, visit_day)
            if withdraw_after == visit.code:
                end_study(
                    self.nurse,
                    pid,
                    {
                        "status": rng.choice(("WITHDRAWAL BY SUBJECT", "LOST TO FOLLOW-UP")),
                        "disposition_date": _iso(visit_day),
                        "last_visit_code": visit.code,
                    },
                    today=self.today,
                )
                self.counts["withdrawn"] += 1
                return

    def infuse(self, pid: str, code: str, day: date, weight: Decimal) -> None:
        rng = self.rng
        view = plan_infusion(
            self.nurse,
            pid,
            {
                "visit_code": code,
                "weight": str(weight),
                "weight_date": _iso(day),
                "product_lot": f"LOT-{rng.randint(100, 999)}",
                "bag_id": f"BAG-{rng.randint(1000, 9999)}",
                "product_expiry": _iso(day + timedelta(days=2)),
                "cell_concentration_per_ml": str(rng.choice((1_500_000, 2_000_000, 2_500_000))),
                "viability_pct": str(rng.randint(85, 97)),
            },
            today=day,
            confirm_warnings=True,
        )
        start = datetime.combine(day, time(9 + rng.randint(0, 5), 0))
        log_infusion(
            self.nurse,
            pid,
            code,
            {
                "volume_infused_ml": str(view.plan.volume_ml),
                "infusion_start": start.isoformat(timespec="minutes"),
                "infusion_end": (start + timedelta(minutes=40)).isoformat(timespec="minutes"),
                "rate_ml_per_h": "60",
                "pre_systolic_bp": "120",
                "pre_diastolic_bp": "78",
                "pre_heart_rate": "76",
                "pre_temperature": "36.7",
                "post_systolic_bp": "118",
                "post_diastolic_bp": "76",
                "post_heart_rate": "78",
                "post_temperature": "36.9",
                "infusion_reaction": "N",
            },
            preparer_password=self.passwords[DEMO_NURSE],
            verifier=Credentials(self.investigator.user.user_id, self.passwords[DEMO_INVESTIGATOR]),
            today=self.today,
            confirm_warnings=True,
        )
        self.counts["infusions"] += 1

    def adverse_event(self, pid: str, day: date) -> None:
        rng = self.rng
        serious = rng.random() < 0.2
        aware = datetime.combine(day, time(rng.randint(8, 17), 0))
        view = record_adverse_event(
            self.nurse,
            pid,
            {
                "term": rng.choice(_SAE_TERMS if serious else _AE_TERMS),
                "onset_date": _iso(day),
                "aware_at": aware.isoformat(timespec="minutes"),
                "grade": str(rng.randint(3, 4) if serious else rng.randint(1, 2)),
                "serious_death": "N",
                "serious_life_threatening": "N",
                "serious_hospitalisation": "Y" if serious else "N",
                "serious_disability": "N",
                "serious_congenital_anomaly": "N",
                "serious_other_medical_event": "N",
                "relationship": rng.choice(("NOT RELATED", "UNLIKELY RELATED", "POSSIBLY RELATED")),
                "expected": rng.choice("YNU"),
                "action_taken": "NOT APPLICABLE",
                "outcome": "RECOVERING/RESOLVING",
            },
            today=self.today,
            confirm_warnings=True,
        )
        self.counts["aes"] += 1
        if serious:
            self.counts["saes"] += 1
            if day < self.today - timedelta(days=3):
                late = rng.random() < 0.15
                reported = aware + timedelta(
                    hours=rng.randint(30, 60) if late else rng.randint(2, 20)
                )
                mark_reported(self.nurse, pid, view.ae_number, reported.replace(tzinfo=None))
