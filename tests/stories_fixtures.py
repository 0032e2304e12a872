"""Short news texts written for the story tests: one agency report, its copies, and a rival's report of
the same event (no corpus text). Shared by the story, folding and alert tests."""

from __future__ import annotations

from datetime import UTC, datetime

from search.model import Article

WIRE = ("أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد للأطفال في مدينة تبوك بسعة مئتي سرير، "
        "وقال وزير الصحة في كلمة خلال حفل الافتتاح إن المستشفى يضم أقساما للعناية المركزة وجراحة القلب "
        "وطب الطوارئ، وإنه سيخدم سكان المنطقة الشمالية والمحافظات المجاورة. وأضاف الوزير أن تكلفة المشروع "
        "بلغت ثلاثمئة مليون ريال، وأن الوزارة تعمل على تشغيل مستشفيين آخرين في المنطقة قبل نهاية العام المقبل. "
        "وأوضح أن المستشفى سيستقبل المرضى ابتداء من الأسبوع المقبل بعد اكتمال تجهيز غرف العمليات.")
# the same report from another outlet: another headline, a dateline and a credit line, the last sentence cut
COPY = ("تبوك - " + WIRE.rsplit(" وأوضح", 1)[0] + " (واس)")
# a second copy, word for word, under a third headline
COPY2 = WIRE
# a rival's own report of the same opening: the same names and numbers, its own words
RIVAL = ("افتتح وزير الصحة مساء أمس مستشفى الأطفال الجديد في تبوك، في حفل حضره أمير المنطقة وعدد من "
         "المسؤولين. ويعد المستشفى، الذي تبلغ سعته مئتي سرير، الأول من نوعه في شمال المملكة، إذ كانت "
         "الأسر تضطر إلى السفر إلى الرياض أو جدة لعلاج أطفالها من أمراض القلب. وقال أحد الأطباء العاملين "
         "في المستشفى لمراسلنا إن الكوادر الطبية تلقت تدريبا مكثفا خلال الأشهر الماضية استعدادا للافتتاح.")
OTHER = ("فاز فريق الهلال على ضيفه النصر بهدفين مقابل هدف في المباراة التي أقيمت مساء اليوم على ملعب "
         "المملكة أرينا ضمن الجولة العاشرة من الدوري، ليعزز الهلال صدارته للترتيب بفارق أربع نقاط عن أقرب "
         "منافسيه، فيما تجمد رصيد النصر عند عشرين نقطة في المركز الرابع.")


def article(id_: str, title: str, body: str, source: str, hour: int | None) -> Article:
    published = datetime(2025, 3, 4, hour, 10, tzinfo=UTC) if hour is not None else None
    return Article(id=id_, title=title, body=body, source=source, published=published)


def wire() -> Article:
    return article("spa-1", "افتتاح مستشفى للأطفال في تبوك", WIRE, "spa", 8)


def copy() -> Article:
    return article("okaz-7", "وزير الصحة يفتتح مستشفى تبوك للأطفال", COPY, "okaz", 9)


def copy2() -> Article:
    return article("madina-3", "مستشفى جديد للأطفال في الشمال", COPY2, "madina", 11)


def rival() -> Article:
    return article("riyadh-5", "مستشفى تبوك للأطفال يفتح أبوابه", RIVAL, "alriyadh", 10)


def other() -> Article:
    return article("sport-1", "الهلال يفوز على النصر", OTHER, "alriyadh", 20)
