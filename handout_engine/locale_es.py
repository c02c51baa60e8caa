"""Spanish: the words the layouts print, for the Spanish translations of the content (locale.py)."""

from __future__ import annotations

# Spanish, for the Spanish translations of the content. Written with the content's translation; like it,
# not yet clinically reviewed.
ES = {
    # the European Commission's risk words, as the Spanish product information uses them
    "frequency": {
        "very common": "Muy frecuente",
        "common": "Frecuente",
        "uncommon": "Poco frecuente",
        "rare": "Raro",
        "very rare": "Muy raro",
        "not known": "Frecuencia no conocida",
    },
    # page furniture
    "name": "Nombre",
    "date_of_birth": "Fecha de nacimiento",
    "patient_id": "Identificación del paciente",
    "nhs_number": "Número del NHS",
    "page": "Página {number} de {total}",
    "version": "Versión {version}",
    "reviewed": "Última revisión: {date}",
    "next_review": "Próxima revisión: {date}",
    "review_overdue": "REVISIÓN PENDIENTE: esta información debía revisarse el {date}",
    # document names, as printed in titles and footers
    "leaflet": "Información para pacientes",
    "consent": "Formulario de consentimiento",
    "discharge": "Información para el alta",
    # leaflet
    "questions": "Preguntas que quizá quiera hacer",
    "questions_hint": "Escriba aquí sus propias preguntas, y traiga este folleto a su cita:",
    "leaflet_risks": "¿Cuáles son los riesgos?",
    "leaflet_risks_intro": "Como cualquier tratamiento, este procedimiento tiene riesgos. Esta tabla muestra "
    "con qué frecuencia ocurre cada uno. Los repasaremos con usted antes de que firme el formulario de consentimiento.",
    "leaflet_choices": "¿Qué otras opciones hay?",
    "leaflet_choices_intro": "No tiene por qué hacerse este procedimiento. Otras opciones son:",
    "contact_us": "Cómo contactarnos",
    "sources": "De dónde viene esta información",
    "leaflet_owner": "Escrito por {owner}.",
    # shared
    "phone_clinic": "Consulta",
    "phone_ward": "Sala del hospital",
    "phone_out_of_hours": "Fuera de horario",
    "emergency": "Urgencias",
    "emergency_detail": "Llame al {number} para pedir una ambulancia",
    # consent
    "consent_title": "Formulario de consentimiento: acuerdo para un procedimiento",
    "patient_details": "Datos del paciente",
    "responsible_professional": "Profesional sanitario responsable",
    "ward": "Sala o consulta",
    "special_requirements": "Necesidades especiales (por ejemplo, otro idioma o una forma de comunicarse)",
    "procedure_heading": "1. El procedimiento",
    "procedure_name": "Nombre del procedimiento",
    "levels": "Niveles de la columna que se van a tratar",
    "planned_date": "Fecha prevista",
    "what_it_involves": "En qué consiste, en palabras sencillas",
    "professional_heading": "2. Declaración del profesional sanitario",
    "professional_intro": "Debe rellenarlo un profesional sanitario que conozca bien el procedimiento. "
    "He explicado el procedimiento al paciente. En particular, he explicado:",
    "benefits": "Lo que esperamos que consiga el procedimiento",
    "risks": "Riesgos graves o frecuentes",
    "risk": "Riesgo",
    "how_often": "Con qué frecuencia",
    "what_it_means": "Qué significa para usted",
    "what_it_means_for_patient": "Qué significa para este paciente",
    "patient_concerns": "Riesgos o preocupaciones que importan especialmente a este paciente",
    "extra_procedures": "Otros procedimientos que pueden llegar a ser necesarios",
    "alternatives": "Otras opciones, incluido no hacer ningún tratamiento",
    "leaflet_given": "Se ha entregado al paciente este folleto:",
    "leaflet_title": "{title}: {subtitle}, versión {version}",
    "reference": "Ref. {reference}",
    "anaesthesia": "Anestesia: el procedimiento se hará con",
    "contact_later": "Si el paciente quiere hablar más tarde sobre sus opciones, puede llamar al {number}.",
    "signed": "Firma",
    "date": "Fecha",
    "printed_name": "Nombre en mayúsculas",
    "job_title": "Cargo",
    "interpreter_heading": "3. Declaración del intérprete (si lo hay)",
    "interpreter_statement": "He interpretado al paciente la información anterior lo mejor que he podido, "
    "de una forma que creo que entiende.",
    "continued": "{heading} (continuación)",
    "professional_core": "He explicado al paciente el procedimiento, con sus beneficios, sus riesgos y las otras "
    "opciones, tal como se indica arriba.",
    "patient_core": "Estoy de acuerdo con el procedimiento que se describe en este formulario y he leído las "
    "declaraciones anteriores.",
    "interpreter_language": "Idioma",
    "interpreter_id": "Nombre o número de identificación del intérprete",
    "interpreter_agency": "Agencia",
    "interpreter_how": "El intérprete participó:",
    "interpreter_modes": ("en persona", "por teléfono", "por vídeo"),
    "interpreter_remote": "Si el intérprete participó por teléfono o por vídeo y no puede firmar arriba, el "
    "profesional sanitario lo registra aquí. Confirmo que el intérprete indicado arriba interpretó para el "
    "paciente por teléfono o por vídeo.",
    "patient_heading": "4. Declaración del paciente",
    "patient_intro": "Por favor, lea con atención este formulario y el folleto. Si tiene alguna pregunta, "
    "háganosla: estamos aquí para ayudarle. Tiene derecho a cambiar de opinión en cualquier momento, "
    "incluso después de haber firmado.",
    "patient_statements": (
        "He leído este formulario y el folleto, y he podido hacer preguntas.",
        "Estoy de acuerdo con el procedimiento que se describe en este formulario.",
        "Entiendo que puedo cambiar de opinión en cualquier momento, incluso después de haber firmado.",
        "Entiendo que nadie puede prometer qué persona hará el procedimiento. "
        "Lo hará alguien con la formación y la experiencia adecuadas.",
        "Entiendo que podré hablar de la anestesia con el equipo antes del procedimiento.",
        "Entiendo que no se me hará nada más, salvo que sea necesario para salvarme la vida "
        "o para evitar un daño grave a mi salud.",
        "Me han informado de otros procedimientos que pueden llegar a ser necesarios durante mi tratamiento.",
    ),
    "patient_name": "Nombre del paciente",
    "witness_heading": "Un testigo firma aquí si el paciente no puede escribir pero ha mostrado que está de acuerdo.",
    "witness_statement": "Confirmo que el paciente me ha mostrado que está de acuerdo con el procedimiento.",
    "copy_given": "Se ha entregado al paciente una copia de este formulario:",
    "yes": "Sí",
    "no": "No",
    "confirmation_heading": "5. Confirmación del consentimiento el día del procedimiento",
    "confirmation_statement": "Debe rellenarlo un profesional sanitario el día del procedimiento, cuando el "
    "paciente firmó el formulario con antelación. En nombre del equipo que trata al paciente, he comprobado con "
    "el paciente que no tiene más preguntas y que sigue queriendo que se haga el procedimiento.",
    "withdrawn": "El paciente ha retirado su consentimiento (pida al paciente que firme y ponga la fecha aquí).",
    # discharge
    "your_details": "Sus datos",
    "procedure": "Procedimiento",
    "procedure_date": "Fecha del procedimiento",
    "levels_treated": "Niveles de la columna tratados",
    "clinician": "Profesional sanitario",
    "discharge_date": "Fecha en que se fue a casa",
    "medicines": "Sus medicamentos",
    "no_medicines": "No hay medicamentos nuevos.",
    "medicines_write_in": "Su enfermera escribe aquí sus medicamentos antes de que se vaya a casa:",
    "medicine": "Medicamento",
    "dose": "Dosis",
    "when": "Cuándo",
    "what_for": "Para qué es",
    "medicine_change": "¿Nuevo o cambiado?",
    "medicine_status": {
        "new": "Nuevo",
        "changed": "Cambiado",
        "stopped": "Suspendido",
        "carry on": "Siga como antes",
    },
    "medicines_stopped_note": "Suspendido: no tome más este medicamento salvo que un médico se lo diga.",
    "aftercare": "Cómo cuidarse en casa",
    "get_help_now": "Pida ayuda ya si…",
    "call_emergency": "Llame enseguida al {number} para pedir una ambulancia si tiene:",
    "call_clinic": "Llame a la consulta al {number} ({hours}) si tiene:",
    "call_out_of_hours": "Fuera de horario, llame al {number} ({hours}).",
    "follow_up": "Su cita de control",
    "follow_up_date": "Fecha",
    "follow_up_with": "Con",
    "notes": "Notas de su equipo de atención",
    "phone_numbers": "Números de teléfono",
    # extras for translations
    "not_reviewed": "Traducción aún no revisada clínicamente",
    "blank_page": "Esta página se ha dejado en blanco a propósito",
    "words_we_use": "Palabras que usamos",
}
