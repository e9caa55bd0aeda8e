"""English held-out set 5 (issue 18): written after held-out-4 had run and before any transcript of these calls
existed, from the rubric's criteria and held-out-4's format only (not from the matching code or any transcript).
An airline's customer relations desk (Koe Air): a cancelled flight whose refund went to an expired card. Every
criterion said as agents say it, in a wording no other set uses ("good morning, thank you for calling … this is
Grace", "calls are monitored and recorded", "for security reasons … the passenger's full name", "I'm so sorry", "so
to recap", "is it alright if I put you on a short hold", "thanks for waiting", "I've just issued a new refund",
"within seven working days", "can I help you with anything else", "have a safe trip"), other near-misses ("thanks
for calling Koe Air, how can I help?" without a name, "I'll be taking a few notes", refunds can take up to twenty-one
days, the booking reference alone, "got it, and did you book directly", "I'm just going to pop you on hold", "right,
I've heard back", "try contacting your bank", "it'll show up soon", "thanks for calling, bye" without offering more
help), a prohibited phrase said to a caller who has called before ("you should have …") and its own voices
(qa_calls.VOICES: British female agent, American male customer, 160 words a minute).
"""

from qa_call_sets import Line

EN_HELD_OUT_5: list[Line] = [
    ("greeting", "agent",
     "Good morning, thank you for calling Koe Air customer relations. This is Grace, how may I help?",
     "Good morning, thanks for calling Koe Air, how can I help?"),
    ("compliance_disclosure", "agent", "Before we go on, please be aware that calls are monitored and recorded.",
     "Before we go on, just so you know, I'll be taking a few notes as we talk."),
    (None, "customer", "Hi. My flight to Denver last Friday was cancelled, and I still haven't received my refund. "
     "It's been three weeks.", None),
    ("empathy", "agent", "Oh, I'm so sorry, three weeks is a long time to be out of pocket.",
     "Refunds can take up to twenty one days to process."),
    ("identity_verification", "agent",
     "For security reasons, could I have your booking reference and the passenger's full name?",
     "Okay, what's the booking reference?"),
    ("identity_verification", "customer", "Sure, it's K nine X four P two, and the name is Luis Ortega.",
     "It's K nine X four P two."),
    ("active_listening", "agent", "Okay, so to recap, your Friday flight was cancelled and the refund you were "
     "promised hasn't come through, is that correct?",
     "Got it. And did you book directly with us or through a travel agent?"),
    ("active_listening", "customer", "Yes, exactly.", None),
    (None, "customer", "I've called twice already and nobody could tell me anything!", None),
    ("prohibited_language", "agent", "Let's get this moving for you today, then.",
     "You should have kept the confirmation emails from those calls."),
    ("hold_etiquette", "agent",
     "Is it alright if I put you on a short hold while I check with our refunds team?{hold}",
     "I'm just going to pop you on hold while I check with our refunds team.{hold}"),
    ("hold_etiquette", "agent", "Thanks for waiting, I've got an answer for you.",
     "Right, I've heard back from the team."),
    (None, "agent", "The refund was approved, but it was sent to a card that has since expired.", None),
    ("resolution_offered", "agent", "I've just issued a new refund to the card you're using now.",
     "You could try contacting your bank about the old card."),
    ("next_steps", "agent", "It usually shows up on your statement within seven working days.",
     "It'll show up on your statement soon."),
    (None, "customer", "Okay, that's a relief.", None),
    ("closing", "agent", "Can I help you with anything else today?", None),
    ("closing", "customer", "No, that's all. Thanks, Grace.", None),
    ("closing", "agent", "You're welcome. Thanks again for calling Koe Air, and have a safe trip.",
     "Okay, thanks for calling, bye."),
]
