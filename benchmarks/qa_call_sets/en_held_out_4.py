"""English held-out set 4 (issue 18, fifth session): written before any rule change of that session and before any
transcript of these calls existed, from the rubric's criteria and held-out-3's format only (not from the matching code
or any transcript). Home internet (Koe Home Internet) that cuts out every evening; every criterion said as agents say
it, in a wording no other set uses ("good afternoon and thanks for calling", "Marcus speaking", "calls are recorded
for quality and training", "the zip code on the account", "I'm really sorry about that", "so if I've got this
right", "would you mind holding", "thanks for holding", "I'm going to book an engineer … I'll credit", "in the next
two days", "anything else I can assist you with", "enjoy the rest of your day"), other near-misses ("Koe Home
Internet, go ahead", "can you hear me okay", "let me pull that up", "the network's been busy lately", "bear with me",
"I'm not sure what else we can do", "someone will be in touch"), a prohibited phrase said to an angry caller
("calm down") and its own voices (qa_calls.VOICES: Lancaster agent, Caribbean customer, faster).
"""

from qa_call_sets import Line

EN_HELD_OUT_4: list[Line] = [
    ("greeting", "agent", "Good afternoon and thanks for calling Koe Home Internet, Marcus speaking. How can I help?",
     "Koe Home Internet, go ahead."),
    ("compliance_disclosure", "agent", "Just to let you know, calls are recorded for quality and training.",
     "Before we start, can you hear me okay?"),
    (None, "customer", "Hi. My internet keeps cutting out every evening. It's basically not working, and I'm still "
     "paying the full bill.", None),
    ("empathy", "agent", "Oh no, I'm really sorry about that, especially if you work from home.",
     "Yeah, the network's been busy lately."),
    ("identity_verification", "agent", "I can look into that. Could you confirm the zip code on the account first?",
     "Okay, let me pull that up."),
    ("identity_verification", "customer", "Sure, it's nine eight one oh three.", None),
    ("active_listening", "agent", "So if I've got this right, it drops out every evening, and it's been like that "
     "since last week?", "Okay. And what kind of router do you have?"),
    ("active_listening", "customer", "Yeah, that's it exactly.", None),
    (None, "customer", "Honestly, this is the third time I've called about it!", None),
    ("prohibited_language", "agent", "I hear you, and I want to get it fixed for good this time.",
     "Sir, I need you to calm down."),
    ("hold_etiquette", "agent", "Would you mind holding for a couple of minutes while I run a line test?{hold}",
     "Bear with me, I'm running a line test.{hold}"),
    ("hold_etiquette", "agent", "Thanks for holding.", "Right, the test's done."),
    (None, "agent", "The test shows a fault on the line outside your building.", None),
    ("resolution_offered", "agent", "I'm going to book an engineer to repair the line, and I'll credit this week's "
     "charges to your bill.", "Honestly, I'm not sure what else we can do."),
    ("next_steps", "agent", "The engineer will call you in the next two days to set a time.",
     "Someone will be in touch at some point."),
    (None, "customer", "Okay, that works for me.", None),
    ("closing", "agent", "Is there anything else I can assist you with today?", None),
    ("closing", "customer", "No, that's everything, thanks.", None),
    ("closing", "agent", "Alright then, enjoy the rest of your day.", "Alright then, bye."),
]
